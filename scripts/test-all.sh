#!/usr/bin/env bash
# Runs every test configuration of the kit, one step per file in
# scripts/ci.d/ (in name order), then prints one summary line per step and a
# closing "N passed, N failed" line. Exits non-zero if any step failed.
#
# Each step is a bash script run from the top of the tree. It appends lines of
# the form "NAME|TESTS_PASSED|TESTS_FAILED|DETAIL" to "$FFIKIT_SUMMARY"; a step
# that exits non-zero counts as failed even if it wrote no line.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash scripts/bootstrap.sh

export FFIKIT_SUMMARY
FFIKIT_SUMMARY=$(mktemp)
trap 'rm -f "$FFIKIT_SUMMARY"' EXIT

declare -a step_lines=()
failed_steps=0
start_all=$SECONDS
for step in scripts/ci.d/*.sh; do
  name=$(basename "$step" .sh)
  echo "===== $name ====="
  start=$SECONDS
  if bash "$step"; then status=ok; else status=FAILED; failed_steps=$((failed_steps + 1)); fi
  step_lines+=("$(printf '%-28s %-6s %4ds' "$name" "$status" $((SECONDS - start)))")
done

passed=0
failed=0
echo
echo "===== summary ====="
for line in "${step_lines[@]}"; do echo "$line"; done
echo
while IFS='|' read -r name ok bad detail; do
  printf '  %-32s %5s passed %3s failed  %s\n' "$name" "$ok" "$bad" "$detail"
  passed=$((passed + ok))
  failed=$((failed + bad))
done < "$FFIKIT_SUMMARY"
echo "total time: $((SECONDS - start_all))s, failed steps: $failed_steps"
if [ "$failed_steps" -gt 0 ] && [ "$failed" -eq 0 ]; then
  failed=$failed_steps
fi
echo "$passed passed, $failed failed"
[ "$failed_steps" -eq 0 ]
