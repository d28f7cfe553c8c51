# clang-tidy over every translation unit under src/ with the checked-in
# .clang-tidy, plus the proof that it reports planted defects. The tidy
# preset only configures (it writes compile_commands.json); nothing builds.
source scripts/ci.d/lib.sh.inc
cmake --preset tidy >/dev/null || exit 1
status=0
python3 tests/gates/lint_gate.py prove-tidy || status=1
python3 tests/gates/lint_gate.py tidy --build-dir build/tidy --jobs 2 \
  --summary "${FFIKIT_SUMMARY:-/dev/null}" || status=1
exit "$status"
