# The in-process checker from another project's point of view: install the
# dev build into a fresh prefix, then configure, build and test
# tests/check/external_project against it with find_package(ffikit), which
# must give ffikit::check and ffikit_link_checker(). Cost: about 15 s on 2
# cores (an install, one configure, two small compiles, one test).
source scripts/ci.d/lib.sh.inc
set -o pipefail

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log="$work/log"

record() {  # record PASSED FAILED DETAIL
  echo "external|$1|$2|$3" >> "${FFIKIT_SUMMARY:-/dev/null}"
}

# 10-dev.sh builds build/dev; build it here if that step was skipped.
if [ ! -f build/dev/CMakeCache.txt ]; then
  cmake --preset dev >/dev/null || { record 0 1 "configure failed"; exit 1; }
fi
if ! cmake --build build/dev >"$log" 2>&1; then
  tail -20 "$log"; record 0 1 "kit build failed"; exit 1
fi
if ! cmake --install build/dev --prefix "$work/prefix" >"$log" 2>&1; then
  tail -20 "$log"; record 0 1 "cmake --install failed"; exit 1
fi
if ! cmake -S tests/check/external_project -B "$work/build" -G Ninja \
     -DCMAKE_CXX_COMPILER=g++ -DCMAKE_PREFIX_PATH="$work/prefix" >"$log" 2>&1 ||
   ! cmake --build "$work/build" >>"$log" 2>&1; then
  cat "$log"; record 0 1 "external project did not build"; exit 1
fi
if ctest --test-dir "$work/build" --output-on-failure 2>&1 | tee "$log"; then
  record 1 0 "find_package(ffikit), ffikit_link_checker"
  exit 0
fi
record 0 1 "external project test failed"
exit 1
