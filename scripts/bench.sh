#!/usr/bin/env bash
# Measures the kit's speed and writes docs/performance.md from the results:
# builds the release preset, runs every benchmark of bench/ with fixed
# repetitions, counts instructions per stage cycle with callgrind, times the
# command-line fault sweeps and ffikit-cat against GNU cat (hyperfine), then
# regenerates the page's tables and its SVG plots (bench/report.py).
#
# Run it on an idle machine; it takes about 15 minutes on 2 cores. The
# results stay in bench/results/ (committed with the page, so the page can be
# checked against them); the files it reads (up to 1 GiB each) are made in
# $FFIKIT_BENCH_DIR, by default build/release/bench-files.
#
# Environment:
#   FFIKIT_BENCH_REPETITIONS  repetitions of every measurement (default 10)
#   FFIKIT_BENCH_DIR          where the benchmark files are made
#   FFIKIT_BENCH_ONLY         space-separated parts to run (default all):
#                             machine stages callgrind mmap_read checker sweep
#                             memory cat report
#   FFIKIT_BENCH_RESULTS      where the results go (default bench/results)
#   FFIKIT_BENCH_SMOKE=1      the CI run (scripts/ci.d/26-bench.sh): every
#                             part once, files of at most 1 MiB, one
#                             repetition, results and page in a scratch
#                             folder; it proves the script and every
#                             benchmark work and measures nothing.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash scripts/bootstrap.sh

smoke=${FFIKIT_BENCH_SMOKE:-0}
only=${FFIKIT_BENCH_ONLY:-machine stages callgrind mmap_read checker sweep memory cat report}
build=$top/build/release
bin=$build/bench
if [ "$smoke" = 1 ]; then
  reps=1
  sizes="4096"
  big_size=1048576
  warmup=0
  min_time() { echo 0.000001; }
  if [ -n "${FFIKIT_BENCH_RESULTS:-}" ]; then
    results=$FFIKIT_BENCH_RESULTS
  else
    results=$(mktemp -d)
    trap 'rm -rf "$results"' EXIT
  fi
  mkdir -p "$results"
  page=$results/performance.md
  cp docs/performance.md "$page"
  export FFIKIT_BENCH_MAX_SIZE=1048576
else
  reps=${FFIKIT_BENCH_REPETITIONS:-10}
  sizes="4096 1048576 67108864"
  big_size=1073741824
  warmup=2
  min_time() { echo "$1"; }
  results=${FFIKIT_BENCH_RESULTS:-$top/bench/results}
  page=docs/performance.md
fi
FFIKIT_BENCH_DIR=$(realpath -m "${FFIKIT_BENCH_DIR:-$build/bench-files}")
export FFIKIT_BENCH_DIR
mkdir -p "$results" "$FFIKIT_BENCH_DIR"

wanted() { [[ " $only " == *" $1 "* ]]; }

cmake --preset release > /dev/null
if [ "$smoke" = 1 ]; then
  cmake --build --preset release --target ffikit_benchmarks
else
  cmake --build --preset release
fi

# Google Benchmark: fixed repetitions, interleaved at random so that a slow
# drift of the machine spreads over every benchmark alike; medians and
# spreads are computed by report.py from the repetitions.
# ARGS come last, so they override these defaults (the last flag wins).
gbench() {  # gbench NAME PROGRAM [ARGS...]
  local name=$1 program=$2
  shift 2
  echo "== $name"
  "$program" --benchmark_repetitions="$reps" --benchmark_enable_random_interleaving=true \
    --benchmark_min_warmup_time="$(min_time 0.05)" --benchmark_format=json \
    --benchmark_out_format=json --benchmark_out="$results/$name.json" "$@" > /dev/null
  # Google Benchmark records the program's absolute path; the results are
  # committed, so they name it from the top of the tree instead.
  sed -i "s|\"executable\": \"$top/|\"executable\": \"|" "$results/$name.json"
}

if wanted machine; then
  python3 - "$results/machine.json" <<'PY'
import json, os, platform, re, subprocess, sys
cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
model = re.search(r"Model name:\s*(.*)", cpu).group(1).strip()
family = re.search(r"CPU family:\s*(.*)", cpu).group(1).strip()
number = re.search(r"^Model:\s*(.*)", cpu, re.M).group(1).strip()
hyper = re.search(r"Hypervisor vendor:\s*(.*)", cpu)
mem_kib = int(re.search(r"MemTotal:\s*(\d+)", open("/proc/meminfo").read()).group(1))
gxx = subprocess.run(["g++", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
json.dump({
    "cores": os.cpu_count(),
    "cpu": f"{model} (family {family}, model {number})" + (f", {hyper.group(1).strip()} guest" if hyper else ""),
    "memory_gib": round(mem_kib / 2**20, 1),
    "kernel": platform.release(),
    "compiler": gxx,
    "load_average_at_start": os.getloadavg()[0],
}, open(sys.argv[1], "w"), indent=2)
PY
  cat "$results/machine.json"
  echo
fi

if wanted stages; then
  gbench stages "$bin/ffikit_bench_stages" --benchmark_min_time="$(min_time 0.2)"
fi

if wanted callgrind; then
  # User-space instructions per cycle: callgrind counts the instructions of
  # the stage's cycle function (and everything it calls, the C library's
  # system call wrappers included). Counts are exact and repeatable for the
  # same binary, arguments and environment; the difference between 1 and 4
  # cycles is 3 steady-state cycles, free of first-call costs such as lazy
  # symbol binding.
  echo "== callgrind"
  out=$results/callgrind.json
  scratch=$(mktemp -d)
  echo '{' > "$out"
  first=1
  for size in $sizes; do
    file=$FFIKIT_BENCH_DIR/bytes-$size.bin
    # Makes the file if the stages part did not run.
    [ -f "$file" ] || "$bin/ffikit_bench_stages" --benchmark_filter="stage1_raw/$size\$" \
      --benchmark_min_time=0.000001 > /dev/null
    for stage in 1:stage1_raw 2:stage2_owners 3:stage3_callback 4:stage4_result; do
      n=${stage%%:*}
      name=${stage#*:}
      counts=()
      for cycles in 1 4; do
        env -i "$(command -v valgrind)" --tool=callgrind --callgrind-out-file="$scratch/out" \
          --toggle-collect="ffikit_bench_cycle_stage$n" \
          "$bin/ffikit-bench-cycles" "$name" "$file" "$cycles" > /dev/null 2>&1
        counts+=("$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$scratch/out")")
      done
      per_cycle=$(( (counts[1] - counts[0]) / 3 ))
      [ "$first" -eq 1 ] || echo ',' >> "$out"
      first=0
      printf '  "%s/%s": %s' "$name" "$size" "$per_cycle" >> "$out"
      echo "$name $size: $per_cycle instructions per cycle"
    done
  done
  printf '\n}\n' >> "$out"
  rm -rf "$scratch"
fi

if wanted mmap_read; then
  gbench mmap_read "$bin/ffikit_bench_mmap_read" --benchmark_min_time="$(min_time 0.1)"
fi

if wanted checker; then
  gbench checker "$bin/ffikit_bench_checker" --benchmark_min_time="$(min_time 0.2)" \
    --benchmark_filter='^watch_loop/'
  # Memory: 10^6 watched calls in a process of their own, with no warm-up,
  # so nothing the checker kept from an earlier run hides the growth.
  gbench checker_memory "$bin/ffikit_bench_checker" --benchmark_repetitions=1 \
    --benchmark_min_warmup_time=0 --benchmark_filter='^memory_per_million_calls/'
  # The black box: the same unwatched loop, with the LD_PRELOAD library
  # armed by FFIKIT_CHECK_REPORT. It watches every call until the process
  # ends, so its memory run is again a process of its own. The reports are
  # written at exit and thrown away.
  preload=$build/src/check/libffikit-check-preload.so
  report=$(mktemp -d)  # the library writes a trace and a report per process
  LD_PRELOAD=$preload FFIKIT_CHECK_REPORT=$report \
    gbench checker_preloaded "$bin/ffikit_bench_checker" --benchmark_min_time="$(min_time 0.2)" \
    --benchmark_filter='^watch_loop/unwatched'
  LD_PRELOAD=$preload FFIKIT_CHECK_REPORT=$report \
    gbench checker_preloaded_memory "$bin/ffikit_bench_checker" --benchmark_repetitions=1 \
    --benchmark_min_warmup_time=0 --benchmark_filter='^memory_per_million_calls/unwatched'
  rm -rf "$report"
fi

if wanted sweep; then
  gbench sweep "$bin/ffikit_bench_sweep" --benchmark_min_time="$(min_time 0.5)"
  echo "== sweep from the command line"
  # A file stage 4 maps (at least its small-file threshold, 256 KiB), so
  # that the sweep fails every one of open, fstat, mmap, munmap and close.
  mapped=$FFIKIT_BENCH_DIR/bytes-1048576.bin
  [ -f "$mapped" ] || "$bin/ffikit_bench_stages" --benchmark_filter='stage1_raw/1048576/' \
    --benchmark_min_time=0.000001 > /dev/null
  python3 bench/sweep_cli.py --faultrun "$build/src/tools/faultrun/ffikit-faultrun" \
    --out "$results/sweep_cli.json" --repetitions "$reps" \
    -- "$bin/ffikit-bench-cycles" stage4_result "$mapped" 1
fi

if wanted memory; then
  gbench memory "$bin/ffikit_bench_memory" --benchmark_min_time="$(min_time 0.5)"
fi

if wanted cat; then
  echo "== ffikit-cat vs GNU cat"
  big=$FFIKIT_BENCH_DIR/bytes-$big_size.bin
  [ -f "$big" ] || "$bin/ffikit_bench_mmap_read" --benchmark_filter="/mmap/$big_size/" \
    --benchmark_min_time=0.000001 > /dev/null
  cat "$big" > /dev/null  # page cached
  printf '{"bytes": %s}\n' "$big_size" > "$results/cat.json"
  ffcat=$build/src/tools/cat/ffikit-cat
  sink=$bin/ffikit-bench-sink
  copy=$FFIKIT_BENCH_DIR/cat-output.bin
  runs=$(( reps < 2 ? 2 : reps ))  # hyperfine needs two runs for a spread
  hyperfine --warmup "$warmup" --runs "$runs" --export-json "$results/cat_pipe.json" \
    -n ffikit-cat "$ffcat $big | $sink" -n cat "cat $big | $sink"
  hyperfine --warmup "$warmup" --runs "$runs" --export-json "$results/cat_file.json" \
    -n ffikit-cat "$ffcat $big > $copy" -n cat "cat $big > $copy"
  rm -f "$copy"
  # Where each spends its time: system calls by count, for the page.
  for tool in "$ffcat" cat; do
    name=$(basename "$tool")
    strace -c -o "$results/strace-$name-pipe.txt" "$tool" "$big" | "$sink"
    strace -c -o "$results/strace-$name-file.txt" "$tool" "$big" > "$copy"
    rm -f "$copy"
  done
fi

if wanted report; then
  if [ "$smoke" = 1 ]; then
    python3 bench/report.py --results "$results" --page "$page" --plots "$results"
    # The committed page must still show the committed results.
    python3 bench/report.py --results bench/results --page docs/performance.md --check
  else
    python3 bench/report.py --results "$results" --page "$page" --plots docs
  fi
fi
