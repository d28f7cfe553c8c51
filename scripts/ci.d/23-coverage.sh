# g++ with gcov: every test, then line and branch coverage of the stage
# libraries and the checker. The stages fail below 95% lines or 90% branches,
# the checker below its ratchet; every uncovered line and untaken branch is
# listed as file:line.
source scripts/ci.d/lib.sh.inc
cmake --preset coverage >/dev/null || exit 1
cmake --build --preset coverage || exit 1
# Counts from an earlier run would inflate this one.
find build/coverage -name '*.gcda' -delete
status=0
log=$(mktemp)
ctest --preset coverage 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
ffikit_ctest_summary coverage-tests build/coverage "$log"
rm -f "$log"

# The black-box tests (BlackBox.*, the capstone's ffikit-faultrun verdict) are
# left out here: gcov's own exit-time writes go through the preloaded checker,
# which then reports gcov's descriptors as leaks. They run in every other
# configuration, and they cover programs, not the libraries measured here.

# The stage libraries must meet the kit's bar: 95% of lines, 90% of branches.
python3 tests/gates/coverage_gate.py --root . --search build/coverage \
  --filter 'src/stage[1-4]_[a-z]+/' --line 95 --branch 90 --name coverage-stages \
  --summary "${FFIKIT_SUMMARY:-/dev/null}" || status=1

# The checker is below that bar today (84.7% lines, 64.9% branches when it
# was first measured; the uncovered lines are listed below). Its gate is a
# ratchet at the measured level, so coverage can only go up, until it
# reaches 95/90 and joins the line above.
if compgen -G 'src/check/*.cpp' >/dev/null; then
  python3 tests/gates/coverage_gate.py --root . --search build/coverage \
    --filter 'src/check/' --line 84 --branch 64 --name coverage-checker \
    --summary "${FFIKIT_SUMMARY:-/dev/null}" || status=1
fi
exit "$status"
