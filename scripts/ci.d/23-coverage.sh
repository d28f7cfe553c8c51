# g++ with gcov: every test, then line and branch coverage of the stage
# libraries and the checker. Fails below 95% lines or 90% branches in any
# of them, and lists every uncovered line and untaken branch as file:line.
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

filters=(--filter 'src/stage[1-4]_[a-z]+/')
# The checker joins the gate as soon as it has sources.
if compgen -G 'src/check/*.cpp' >/dev/null; then
  filters+=(--filter 'src/check/')
fi
python3 tests/gates/coverage_gate.py --root . --search build/coverage \
  "${filters[@]}" --line 95 --branch 90 \
  --summary "${FFIKIT_SUMMARY:-/dev/null}" || status=1
exit "$status"
