# clang source-based coverage: every test (the black-box ones included),
# then line and branch coverage of the stage libraries and the checker.
# Each part of src/ below 95% of lines or 90% of branches fails the run, and
# every uncovered line and untaken branch is listed as file:line.
source scripts/ci.d/lib.sh.inc
cmake --preset coverage >/dev/null || exit 1
cmake --build --preset coverage || exit 1
# Profiles from an earlier run would count tests that no longer exist.
rm -rf build/coverage/profiles
mkdir -p build/coverage/profiles
status=0
log=$(mktemp)
ctest --preset coverage "${ffikit_ctest_retry[@]}" 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
ffikit_ctest_summary coverage-tests build/coverage "$log"
rm -f "$log"

python3 tests/gates/coverage_gate.py --root . --profiles build/coverage/profiles \
  --objects build/coverage --filter 'src/stage[1-4]_[a-z]+/' --filter 'src/check/' \
  --line 95 --branch 90 --name coverage \
  --summary "${FFIKIT_SUMMARY:-/dev/null}" || status=1
exit "$status"
