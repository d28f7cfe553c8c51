# valgrind memcheck over every GoogleTest binary of the dev build, with
# --track-fds=yes. valgrind and `ctest -T memcheck` exit 0 on leaked
# descriptors, so tests/gates/memcheck_gate.py reads the logs and fails on
# any memcheck error, lost heap block or descriptor left open.
source scripts/ci.d/lib.sh.inc
set -o pipefail
cmake --preset dev >/dev/null || exit 1
cmake --build --preset dev || exit 1
python3 tests/gates/memcheck_gate.py --build-dir build/dev \
  --log-dir build/dev/memcheck --jobs 2 --summary "${FFIKIT_SUMMARY:-/dev/null}"
