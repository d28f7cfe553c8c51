# The release build and the benchmarks. The release preset (the build the
# README says to install: g++ -O2, warnings as errors) is built in full and
# installed into a scratch prefix, and the installed ffikit-cat and
# ffikit-faultrun must work from there. Then scripts/bench.sh runs every
# part once on files of at most 1 MiB with one repetition and writes a
# scratch copy of docs/performance.md from those results: its figures mean
# nothing and no time is judged; it proves that every benchmark builds and
# runs. Last, the committed page must show the committed results
# (bench/results).
source scripts/ci.d/lib.sh.inc
summary=${FFIKIT_SUMMARY:-/dev/null}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

fail() {  # fail DETAIL
  echo "26-bench: $1"
  echo "bench|0|1|$1" >> "$summary"
  exit 1
}

cmake --preset release > /dev/null || fail "release: configure failed"
cmake --build --preset release || fail "release: build failed"

prefix=$scratch/prefix
cmake --install build/release --prefix "$prefix" > /dev/null || fail "release: cmake --install failed"
printf 'installed from the release preset\n' > "$scratch/sample"
"$prefix/bin/ffikit-cat" "$scratch/sample" | cmp -s - "$scratch/sample" ||
  fail "installed ffikit-cat did not copy its input"
"$prefix/bin/ffikit-faultrun" --trace -- "$prefix/bin/ffikit-cat" "$scratch/sample" \
  > "$scratch/trace" 2>&1 || { cat "$scratch/trace"; fail "installed ffikit-faultrun --trace failed"; }
echo "release|1|0|built with -O2, installed; ffikit-cat and ffikit-faultrun run from the prefix" >> "$summary"

if FFIKIT_BENCH_SMOKE=1 bash scripts/bench.sh > "$scratch/bench.log" 2>&1; then
  parts=$(grep -c '^== ' "$scratch/bench.log")
  echo "bench|1|0|every benchmark ran once ($parts parts); the page matches bench/results" >> "$summary"
else
  cat "$scratch/bench.log"
  fail "scripts/bench.sh (run once, small files) failed; its output is above"
fi
