#!/usr/bin/env bash
# Runs every test configuration of the kit, one step per file in
# scripts/ci.d/ (in name order), then prints a timing table (one row per
# step), one line per recorded result and a closing "N passed, N failed"
# line. Exits non-zero if any step failed.
#
# Each step is a bash script run from the top of the tree. It appends lines of
# the form "NAME|TESTS_PASSED|TESTS_FAILED|DETAIL" to "$FFIKIT_SUMMARY"; a step
# that exits non-zero counts as failed even if it wrote no line.
#
# The closing table gives each step's wall time split into configure, build
# and test seconds: every cmake call a step makes is timed by
# scripts/ci.d/lib.sh.inc into "$FFIKIT_TIMES", and the rest of the step's
# time is its test time.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

export FFIKIT_SUMMARY FFIKIT_TIMES FFIKIT_STEP
FFIKIT_SUMMARY=$(mktemp)
FFIKIT_TIMES=$(mktemp)
trap 'rm -f "$FFIKIT_SUMMARY" "$FFIKIT_TIMES"' EXIT

start_all=$SECONDS
start=$EPOCHREALTIME
bash scripts/bootstrap.sh
echo "bootstrap|setup|$(awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1f", e - s }')" \
  >> "$FFIKIT_TIMES"

# A compiler cache for this run: several steps compile the same sources with
# the same flags (40-lessons rebuilds the libraries, the runner and the
# reference lessons exactly as 10-dev did), and ccache hands those objects
# back. A clean clone starts with an empty cache in build/ccache, so nothing
# from an earlier run can leak into this one. Depend mode hashes the
# compiler's own dependency output instead of running the preprocessor
# again; objects are stored uncompressed, since CPU, not disk, is scarce.
# Units that use the test programs' precompiled header are cached too
# (ccache hashes the header's .gch file; the kit uses no __TIME__). Paths
# under the top of the tree are hashed relative to the build directory, so
# that a unity source generated in build/lessons-ci matches the same one
# generated in build/dev (with absolute paths only the units outside the
# unity builds were found again).
if command -v ccache > /dev/null; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache CCACHE_DIR=$top/build/ccache \
    CCACHE_BASEDIR=$top \
    CCACHE_DEPEND=true CCACHE_NOHASHDIR=true CCACHE_NOCOMPRESS=true \
    CCACHE_SLOPPINESS=pch_defines,time_macros
  ccache --zero-stats > /dev/null
fi

# CPU seconds (user + system) used so far by this script's finished
# children and their own children: the second line of bash's `times`. It
# must run in this shell, not in a pipeline or $(...), which would report
# a subshell's own (empty) account.
cpu_file=$(mktemp)
trap 'rm -f "$FFIKIT_SUMMARY" "$FFIKIT_TIMES" "$cpu_file"' EXIT
cpu_seconds() {  # cpu_seconds: reads what `times > "$cpu_file"` wrote
  awk 'NR == 2 {
    split($1, u, /[ms]/); split($2, s, /[ms]/)
    printf "%.1f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$cpu_file"
}

failed_steps=0
for step in scripts/ci.d/*.sh; do
  name=$(basename "$step" .sh)
  echo "===== $name ====="
  FFIKIT_STEP=$name
  start=$EPOCHREALTIME
  times > "$cpu_file"
  cpu_before=$(cpu_seconds)
  if bash "$step"; then status=ok; else status=FAILED; failed_steps=$((failed_steps + 1)); fi
  times > "$cpu_file"
  cpu=$(awk -v a="$cpu_before" -v b="$(cpu_seconds)" 'BEGIN { printf "%.1f", b - a }')
  read -r load _ < /proc/loadavg
  echo "$name|total|$(awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1f", e - s }')|$status|$load|$cpu" \
    >> "$FFIKIT_TIMES"
done

passed=0
failed=0
echo
echo "===== summary ====="
# Wall seconds per step and phase; test = total - configure - build. cpu is
# the CPU seconds the step used (2 cores: at most twice its total). The
# load average at the end of each step says whether other work shared the
# machine: well above 2, the wall times are inflated, the CPU less so.
awk -F'|' '
  $2 == "setup" { setup = $3 }
  $2 == "configure" || $2 == "build" { t[$1, $2] += $3 }
  $2 == "total" { order[++n] = $1; total[$1] = $3; status[$1] = $4; load[$1] = $5; cpu[$1] = $6 }
  END {
    printf "%-14s %9s %9s %9s %9s %9s  %-6s %s\n", "step", "configure", "build", "test", "total", "cpu", "status", "load"
    printf "%-14s %9s %9s %9s %9.1f %9s  %-6s\n", "bootstrap", "-", "-", "-", setup, "-", "ok"
    for (i = 1; i <= n; i++) {
      s = order[i]; c = t[s, "configure"]; b = t[s, "build"]; r = total[s] - c - b
      printf "%-14s %9.1f %9.1f %9.1f %9.1f %9.1f  %-6s %s\n", s, c, b, r, total[s], cpu[s], status[s], load[s]
      sc += c; sb += b; sr += r; st += total[s]; su += cpu[s]
    }
    printf "%-14s %9.1f %9.1f %9.1f %9.1f %9.1f\n", "all steps", sc, sb, sr, st + setup, su
  }' "$FFIKIT_TIMES"
if [ -n "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ]; then
  ccache --show-stats 2>/dev/null | grep -E '^(Cacheable|  Hits|  Misses|Uncacheable)' || true
fi
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
