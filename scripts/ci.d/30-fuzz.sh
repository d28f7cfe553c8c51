# Fuzzing in CI: build the libFuzzer targets with clang through the
# ClusterFuzzLite build script (the variables OSS-Fuzz sets) and check its
# outputs; catch every planted bug (ctest label fuzz_mutant; the corpus
# replays, label fuzz, run in the other configurations); then fuzz each
# target for a bounded, seeded time on top of a scratch copy of its corpus.
# Any crash, timeout or leak fails the step and prints a one-command
# reproducer. See docs/fuzzing.md.
#
# FFIKIT_FUZZ_SECONDS (default 20): time per target. FFIKIT_FUZZ_SEED
# (default 1): libFuzzer's -seed. FFIKIT_FUZZ_JOBS (default 2): targets
# fuzzed at the same time.
source scripts/ci.d/lib.sh.inc
set -uo pipefail

seconds=${FFIKIT_FUZZ_SECONDS:-20}
seed=${FFIKIT_FUZZ_SEED:-1}
build=build/fuzz
artifacts=$build/artifacts
summary=${FFIKIT_SUMMARY:-/dev/null}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0

# --- 1. build.sh, exactly as a ClusterFuzzLite builder would call it -------
export CC=clang CXX=clang++
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer
export OUT=$scratch/out WORK=$scratch/work
export FFIKIT_FUZZ_BUILD_DIR=$build FFIKIT_JOBS=2
mkdir -p "$OUT" "$WORK"
# Its configure and build both count as this step's build time.
if ! ffikit_timed build bash .clusterfuzzlite/build.sh; then
  echo "30-fuzz: .clusterfuzzlite/build.sh failed"
  echo "fuzz-build|0|1|.clusterfuzzlite/build.sh failed" >> "$summary"
  exit 1
fi

targets=()
missing=()
for source in fuzz/*_fuzzer.cpp; do
  name=$(basename "$source" _fuzzer.cpp)
  targets+=("$name")
  [ -x "$OUT/${name}_fuzzer" ] || missing+=("${name}_fuzzer")
  [ -f "$OUT/${name}_fuzzer.options" ] || missing+=("${name}_fuzzer.options")
  if [ ! -f "$OUT/${name}_fuzzer_seed_corpus.zip" ]; then
    missing+=("${name}_fuzzer_seed_corpus.zip")
  else
    zipped=$(python3 -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' \
      "$OUT/${name}_fuzzer_seed_corpus.zip")
    committed=$(find "fuzz/corpus/$name" -type f | wc -l)
    [ "$zipped" -eq "$committed" ] || missing+=("${name} seed zip ($zipped of $committed inputs)")
  fi
  dict=$(sed -n 's/^dict *= *//p' "fuzz/$name.options")
  if [ -n "$dict" ] && [ ! -f "$OUT/$dict" ]; then missing+=("$dict"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  printf '30-fuzz: build.sh did not produce: %s\n' "${missing[@]}"
  echo "fuzz-build|0|1|\$OUT lacks ${missing[*]}" >> "$summary"
  status=1
else
  echo "fuzz-build|${#targets[@]}|0|build.sh: ${targets[*]} with seed zips, options, dicts" >> "$summary"
fi

# --- 2. planted bugs ---------------------------------------------------------
# The corpus replays (label fuzz) already run in every other configuration;
# here only the planted-bug fuzzers, which need libFuzzer. They run one at a
# time, so they take one of the job slots of part 3 rather than a step of
# their own; a failure is written to $scratch/failed like a target's.
log=$scratch/ctest.log
planted_bugs() {
  ctest --test-dir "$build" -L '^fuzz_mutant$' --output-on-failure > "$log" 2>&1
  local code=$?
  cat "$log"
  ffikit_ctest_summary fuzz-planted-bugs "$build" "$log"
  [ "$code" -eq 0 ] || echo "planted bugs" >> "$scratch/failed"
}
if cmake --build "$build" --target ffikit_fuzz_mutants -j 2; then
  echo "===== fuzz planted bugs ====="
  planted_bugs &
else
  echo "fuzz-planted-bugs|0|1|build failed" >> "$summary"
  status=1
fi

# --- 3. bounded, seeded fuzzing on top of each corpus -----------------------
# [libfuzzer] lines of fuzz/NAME.options as flags; dict paths are relative
# to the options file, as in $OUT.
options_flags() {
  sed -n '/^\[libfuzzer\]/,/^\[/{s/^\([a-z_]*\) *= *\(.*\)$/\1 \2/p}' "fuzz/$1.options" |
    while read -r key value; do
      [ "$key" = dict ] && value=fuzz/$value
      printf -- '-%s=%s\n' "$key" "$value"
    done
}

# fuzz_target NAME: one bounded, seeded run; appends its summary line and,
# on failure, writes NAME to $scratch/failed.
fuzz_target() {
  local name=$1 corpus fuzzer run_log code execs rate crash
  local -a flags
  corpus=$scratch/corpus-$name
  rm -rf "${artifacts:?}/$name"  # so the reproducer names this run's artifact
  mkdir -p "$corpus" "$artifacts/$name"
  cp -R "fuzz/corpus/$name/." "$corpus/"
  mapfile -t flags < <(options_flags "$name")
  fuzzer=$build/fuzz/${name}_fuzzer
  run_log=$artifacts/$name/last-run.log
  "$fuzzer" "$corpus" -seed="$seed" -max_total_time="$seconds" \
    -print_final_stats=1 -artifact_prefix="$artifacts/$name/" "${flags[@]}" \
    > "$run_log" 2>&1
  code=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run_log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$run_log")
  if [ "$code" -eq 0 ]; then
    echo "fuzz $name: ${execs:-?} runs, ${rate:-?} exec/s, no crash, timeout or leak"
    echo "fuzz-$name|1|0|${execs:-?} runs in ${seconds}s, ${rate:-?} exec/s, seed $seed" >> "$summary"
  else
    echo "$name" >> "$scratch/failed"
    {
      tail -n 60 "$run_log"
      crash=$(ls -t "$artifacts/$name"/crash-* "$artifacts/$name"/leak-* \
        "$artifacts/$name"/timeout-* "$artifacts/$name"/oom-* 2>/dev/null | head -1)
      echo "30-fuzz: ${name}_fuzzer stopped with exit $code (70 timeout, 71 out of memory, otherwise a crash or leak)"
      echo "reproduce: $fuzzer ${crash:-<artifact>}"
      echo "replay with any compiler: build/dev/fuzz/ffikit_fuzz_${name}_replay ${crash:-<artifact>}"
      echo "once fixed, keep it as a regression input: cp ${crash:-<artifact>} fuzz/corpus/$name/"
    } > "$artifacts/$name/report.txt"
    cat "$artifacts/$name/report.txt"
    echo "fuzz-$name|0|1|exit $code, artifact ${crash:-none}" >> "$summary"
  fi
}

# libFuzzer runs on one core, so FFIKIT_FUZZ_JOBS targets (default 2, the
# CI machine's cores) fuzz at the same time, each for its full time on a
# core of its own: the step takes half the wall time for the same fuzzing.
# The planted bugs, started above, hold one of the slots until they end.
jobs=${FFIKIT_FUZZ_JOBS:-2}
for name in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n || true
  done
  echo "===== fuzz $name: $seconds s, -seed=$seed ====="
  fuzz_target "$name" &
done
wait
[ ! -s "$scratch/failed" ] || status=1
exit "$status"
