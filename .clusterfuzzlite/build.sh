#!/bin/bash -eu
# Builds the kit's libFuzzer targets the way OSS-Fuzz and ClusterFuzzLite
# expect: compiler and flags from $CXX, $CXXFLAGS and $LIB_FUZZING_ENGINE,
# outputs in $OUT. The kit is C++ only, so $CC and $CFLAGS are not used.
#
# For every fuzz/<name>_fuzzer.cpp it writes to $OUT:
#   <name>_fuzzer                 the fuzzer binary
#   <name>_fuzzer_seed_corpus.zip fuzz/corpus/<name>/
#   <name>_fuzzer.options         fuzz/<name>.options ([libfuzzer] flags)
#   <name>.dict                   fuzz/<name>.dict, when there is one (the
#                                 options file names it)
#
# Outside the builder image, scripts/ci.d/30-fuzz.sh runs this script with
# the same variables to prove it works. Optional variables:
#   FFIKIT_SRC              source tree (default: the parent of this folder)
#   FFIKIT_FUZZ_BUILD_DIR   CMake build directory (default: $WORK/ffikit)
#   FFIKIT_JOBS             parallel build jobs (default: all cores)
src=${FFIKIT_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
build=${FFIKIT_FUZZ_BUILD_DIR:-$WORK/ffikit}
jobs=${FFIKIT_JOBS:-$(nproc)}

# CXXFLAGS already carry the sanitizer and -fsanitize=fuzzer-no-link, so
# every library is instrumented; the engine is linked into the fuzzers only.
cmake -S "$src" -B "$build" -G Ninja \
  -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DCMAKE_BUILD_TYPE= \
  -DFFIKIT_SANITIZE= \
  -DFFIKIT_BUILD_DOCS=OFF \
  -DFFIKIT_BUILD_TESTS=ON \
  -DFFIKIT_FUZZ_ENGINE="$LIB_FUZZING_ENGINE"
cmake --build "$build" --target ffikit_fuzzers -j "$jobs"

mkdir -p "$OUT"
for source in "$src"/fuzz/*_fuzzer.cpp; do
  name=$(basename "$source" _fuzzer.cpp)
  cp "$build/fuzz/${name}_fuzzer" "$OUT/"
  cp "$src/fuzz/$name.options" "$OUT/${name}_fuzzer.options"
  if [ -f "$src/fuzz/$name.dict" ]; then
    cp "$src/fuzz/$name.dict" "$OUT/"
  fi
  rm -f "$OUT/${name}_fuzzer_seed_corpus.zip"
  (cd "$src/fuzz/corpus/$name" && zip -q -X "$OUT/${name}_fuzzer_seed_corpus.zip" ./*)
done
