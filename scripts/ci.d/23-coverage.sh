# g++ with gcov: every test, then line and branch coverage of the stage
# libraries and the checker. Stages 1-3 fail below 95% lines or 90% branches,
# stage 4 and the checker below their ratchets; every uncovered line and
# untaken branch is listed as file:line.
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

# Stages 1 to 3 must meet the kit's bar: 95% of lines, 90% of branches.
python3 tests/gates/coverage_gate.py --root . --search build/coverage \
  --filter 'src/stage[1-3]_[a-z]+/' --line 95 --branch 90 --name coverage-stages \
  --summary "${FFIKIT_SUMMARY:-/dev/null}" || status=1

# Below the bar today, each gated by a ratchet at the level first measured in
# this configuration, so coverage can only rise; the untaken branches and
# uncovered lines are listed by file:line. Stage 4 has every line covered;
# its untaken branches (81.5%) are exception-cleanup edges g++ emits in the
# template instantiations. The checker measured 84.1% of lines and 62.5% of
# branches. Each joins the line above once tests reach 95/90.
python3 tests/gates/coverage_gate.py --root . --search build/coverage \
  --filter 'src/stage4_result/' --line 95 --branch 81 --name coverage-stage4 \
  --summary "${FFIKIT_SUMMARY:-/dev/null}" || status=1
if compgen -G 'src/check/*.cpp' >/dev/null; then
  python3 tests/gates/coverage_gate.py --root . --search build/coverage \
    --filter 'src/check/' --line 84 --branch 62 --name coverage-checker \
    --summary "${FFIKIT_SUMMARY:-/dev/null}" || status=1
fi
exit "$status"
