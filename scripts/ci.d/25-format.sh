# clang-format over src/ and tests/ with the checked-in .clang-format, plus
# the proof that it reports a planted misformatted file.
source scripts/ci.d/lib.sh.inc
status=0
python3 tests/gates/lint_gate.py prove-format || status=1
python3 tests/gates/lint_gate.py format \
  --summary "${FFIKIT_SUMMARY:-/dev/null}" || status=1
exit "$status"
