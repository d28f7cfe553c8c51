#!/usr/bin/env python3
"""Writes docs/performance.md's measured parts from bench/results/.

The page is hand-written prose with generated blocks between
`<!-- bench:NAME -->` and `<!-- /bench:NAME -->` lines; this script replaces
the blocks' contents and writes the SVG plots next to the page (gnuplot).
Every figure is a median over the repetitions with its spread (the lowest
and highest repetition), and every comparison is a ratio of two medians
measured in the same run.

  report.py --results DIR --page FILE --plots DIR   regenerate
  report.py --results DIR --page FILE --check       exit 1 if the page's
                                                    blocks differ from DIR
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30
STAGES = ["stage1_raw", "stage2_owners", "stage3_callback", "stage4_result"]
STAGE_LABEL = {
    "stage1_raw": "1 raw calls",
    "stage2_owners": "2 owners",
    "stage3_callback": "3 callback",
    "stage4_result": "4 result",
}
WAYS = ["read", "mmap", "mmap_seq", "mmap_populate"]
GOAL_STAGES = 1.02
GOAL_CHECKER = 2.0
GOAL_SWEEP = 5.0


def size_name(size):
    for unit, name in ((GIB, "GiB"), (MIB, "MiB"), (KIB, "KiB")):
        if size >= unit and size % unit == 0:
            return f"{size // unit} {name}"
    return f"{size} B"


def load(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Runs:
    """Repetitions of each Google Benchmark benchmark, by name."""

    def __init__(self, data):
        self.by_name = {}
        self.counters = {}
        for b in (data or {}).get("benchmarks", []):
            if b.get("run_type") != "iteration" or b.get("error_occurred"):
                continue
            # "cycle/stage1_raw/4096/real_time" -> "cycle/stage1_raw/4096"
            name = "/".join(part for part in b["run_name"].split("/")
                            if part != "real_time" and not part.startswith("iterations:"))
            scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
            self.by_name.setdefault(name, []).append(b["real_time"] * scale)
            for key, value in b.items():
                if key in ("cases_per_second", "heap_bytes_per_call",
                           "bytes_per_second", "cases_per_sweep"):
                    self.counters.setdefault((name, key), []).append(value)

    def has(self, name):
        return name in self.by_name

    def ns(self, name):
        """Median, lowest and highest real time per iteration, in ns."""
        values = self.by_name[name]
        return statistics.median(values), min(values), max(values)

    def counter(self, name, key):
        values = self.counters[(name, key)]
        return statistics.median(values), min(values), max(values)


def fmt_time(ns):
    if ns >= 1e9:
        return f"{ns / 1e9:.3g} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.3g} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.3g} µs"
    return f"{ns:.3g} ns"


def fmt_spread(triple):
    median, low, high = triple
    return f"{fmt_time(median)} ({fmt_time(low)}–{fmt_time(high)})"


def fmt_rate(bytes_per_second):
    return f"{bytes_per_second / GIB:.2f} GiB/s"


def machine_line(results):
    m = load(results, "machine.json")
    if not m:
        return "_machine not recorded_"
    return (f"Machine: {m['cores']} cores, {m['cpu']}, {m['memory_gib']} GiB, "
            f"Linux {m['kernel']}, {m['compiler']}, release preset (-O2); "
            f"load average {m['load_average_at_start']:.2f} when the run began.")


# --- the price of safety -----------------------------------------------------

def quartiles(values):
    """The first and third quartiles (the middle half of the values)."""
    if len(values) < 4:
        return min(values), max(values)
    q1, _, q3 = statistics.quantiles(values, n=4)
    return q1, q3


def relative_spread(values):
    """Interquartile range over median: how far apart the middle half of
    the repetitions lie, relative to the median."""
    if len(values) < 4:
        return (max(values) - min(values)) / statistics.median(values)
    q1, _, q3 = statistics.quantiles(values, n=4)
    return (q3 - q1) / statistics.median(values)


def stages_block(results, goals):
    runs = Runs(load(results, "stages.json"))
    callgrind = load(results, "callgrind.json") or {}
    sizes = sorted({int(n.split("/")[-1]) for n in runs.by_name})
    if not sizes:
        return "_not measured in this run_", []
    lines = ["| file | stage | time per cycle, median (lowest–highest) | vs stage 1 | "
             "spread | instructions per cycle | added vs stage 1 |",
             "|---|---|---|---|---|---|---|"]
    plot = []
    within, beyond, undecided, widest = [], [], [], 0.0
    for size in sizes:
        base_name = f"cycle/stage1_raw/{size}"
        base = runs.ns(base_name)[0]
        base_ir = callgrind.get(f"stage1_raw/{size}")
        for stage in STAGES:
            name = f"cycle/{stage}/{size}"
            if not runs.has(name):
                continue
            triple = runs.ns(name)
            ratio = triple[0] / base
            spread = relative_spread(runs.by_name[name])
            ir = callgrind.get(f"{stage}/{size}")
            added = "" if stage == "stage1_raw" or ir is None or base_ir is None \
                else f"{ir - base_ir:+,}"
            lines.append(f"| {size_name(size)} | {STAGE_LABEL[stage]} | {fmt_spread(triple)} | "
                         f"{ratio:.3f} | {spread:.1%} | {'' if ir is None else f'{ir:,}'} | "
                         f"{added} |")
            q1, q3 = quartiles(runs.by_name[name])
            plot.append((size_name(size), stage, ratio, q1 / base, q3 / base))
            if stage == "stage1_raw":
                continue
            # A difference smaller than the spread of the repetitions is not
            # a measured difference.
            noise = max(spread, relative_spread(runs.by_name[base_name]))
            widest = max(widest, noise)
            label = f"{STAGE_LABEL[stage]} at {size_name(size)} ({ratio:.3f}x)"
            if ratio <= GOAL_STAGES:
                within.append(label)
            elif ratio - GOAL_STAGES > noise:
                beyond.append(label)
            else:
                undecided.append(label)
    added_small = [callgrind.get(f"{s}/4096", 0) - callgrind.get("stage1_raw/4096", 0)
                   for s in STAGES[1:]] if callgrind else []
    measured = f"{len(within)} of {len(within) + len(beyond) + len(undecided)} within"
    if beyond:
        measured += "; beyond it by more than the spread: " + ", ".join(beyond)
    if undecided:
        measured += ("; above it by less than the spread of the repetitions (up to "
                     f"{widest:.0%} here), which this run cannot resolve: " + ", ".join(undecided))
    if added_small:
        measured += ("; user-space instructions added per cycle (4 KiB file): stage 2 "
                     + ", stage 3 ".join(f"{a:+,}" for a in added_small[:2])
                     + f", stage 4 {added_small[2]:+,}")
    verdict = False if beyond else (True if not undecided else None)
    goals.append((f"Stages 2-4 within {GOAL_STAGES - 1:.0%} of stage 1 per cycle at every size",
                  measured, verdict))
    return "\n".join(lines), plot


# --- mmap or read -------------------------------------------------------------

def mmap_read_block(results):
    runs = Runs(load(results, "mmap_read.json"))
    sizes = sorted({int(n.split("/")[-1]) for n in runs.by_name})
    if not sizes:
        return "_not measured in this run_", "", ([], None)
    per_byte = {}
    for size in sizes:
        for way in WAYS:
            name = f"whole_file/{way}/{size}"
            if runs.has(name):
                per_byte[(way, size)] = runs.ns(name)

    def crossover(way):
        """Smallest size from which WAY beats read at that size and all larger."""
        found = None
        for size in reversed(sizes):
            if (way, size) in per_byte and ("read", size) in per_byte \
                    and per_byte[(way, size)][0] < per_byte[("read", size)][0]:
                found = size
            else:
                break
        return found

    lines = ["| file | read | mmap | mmap + MADV_SEQUENTIAL | mmap + MAP_POPULATE | "
             "mmap vs read |", "|---|---|---|---|---|---|"]
    plot = []
    for size in sizes:
        cells = []
        for way in WAYS:
            triple = per_byte.get((way, size))
            cells.append("" if triple is None else fmt_spread(triple))
            if triple is not None:
                plot.append((size, way, triple[0] / size))
        ratio = per_byte[("mmap", size)][0] / per_byte[("read", size)][0]
        lines.append(f"| {size_name(size)} | " + " | ".join(cells) + f" | {ratio:.2f} |")
    plain = crossover("mmap")
    best = {w: crossover(w) for w in WAYS[1:]}

    def below(size):
        """The largest measured size under SIZE, where read still won."""
        smaller = [s for s in sizes if s < size]
        return smaller[-1] if smaller else None

    if plain:
        read_wins_below = all(per_byte[("read", s)][0] < per_byte[("mmap", s)][0]
                              for s in sizes if s < plain)
        summary = (f"**Crossover: between {size_name(below(plain))} and {size_name(plain)}.** "
                   + (f"Up to {size_name(below(plain))} reading the file into a buffer is "
                      "faster at every size measured; " if read_wins_below else
                      f"At {size_name(below(plain))} reading the file into a buffer is still "
                      "faster; ")
                   + f"from {size_name(plain)} to {size_name(sizes[-1])} plain mmap is faster "
                   "at every size measured. ")
    else:
        summary = "**Crossover: none; plain mmap never overtakes read in this range.** "
    summary += ("With MADV_SEQUENTIAL mmap wins from " + (size_name(best["mmap_seq"]) if
                best["mmap_seq"] else "no size measured") + ", with MAP_POPULATE from " +
                (size_name(best["mmap_populate"]) if best["mmap_populate"] else
                 "no size measured") + ". A wrapper that hands a whole file to a callback "
                "should read files below the crossover and map the larger ones: that size is "
                "its small-file threshold.")
    return "\n".join(lines), summary, (plot, plain)


# --- the checker ------------------------------------------------------------------

def checker_block(results, goals):
    runs = Runs(load(results, "checker.json"))
    in_memory = Runs(load(results, "checker_memory.json"))
    pre = Runs(load(results, "checker_preloaded.json"))
    pre_memory = Runs(load(results, "checker_preloaded_memory.json"))
    if not runs.has("watch_loop/unwatched"):
        return "_not measured in this run_", []
    base = runs.ns("watch_loop/unwatched")[0]
    rows = [("not linked (the C library directly)", runs, "watch_loop/unwatched"),
            ("linked, disarmed", runs, "watch_loop/disarmed"),
            ("linked, armed (Session)", runs, "watch_loop/armed")]
    lines = ["| checker | time per open+fstat+close, median (lowest–highest) | per watched "
             "call | vs not watched | heap growth over 10^6 calls |", "|---|---|---|---|---|"]
    plot = []

    def memory(r, loop):
        """Heap growth over exactly 10^6 calls, or None if not measured."""
        name = "memory_per_million_calls/" + loop
        if (name, "heap_bytes_per_call") not in r.counters:
            return None
        return r.counter(name, "heap_bytes_per_call")[0] * 1e6

    def mib(value):
        return "" if value is None else f"{value / MIB:.1f} MiB"

    growth = []
    for label, r, name in rows:
        triple = r.ns(name)
        mem = memory(in_memory, name.split("/")[1])
        growth.append(mem)
        lines.append(f"| {label} | {fmt_spread(triple)} | {fmt_time(triple[0] / 3)} | "
                     f"{triple[0] / base:.2f} | {mib(mem)} |")
        plot.append((label.split(" (")[0], triple[0] / 3))
    armed_ratio = runs.ns("watch_loop/armed")[0] / base
    pre_ratio = None
    if pre.has("watch_loop/unwatched"):
        # The preloaded run is a separate process: compare with the same
        # loop's median from the first run (same binary, minutes apart).
        triple = pre.ns("watch_loop/unwatched")
        pre_ratio = triple[0] / base
        mem = memory(pre_memory, "unwatched")
        growth.append(mem)
        lines.append(f"| black box: LD_PRELOAD library, armed | {fmt_spread(triple)} | "
                     f"{fmt_time(triple[0] / 3)} | {pre_ratio:.2f} | {mib(mem)} |")
        plot.append(("preloaded", triple[0] / 3))
    # Bounded: a million calls may not grow the heap by more than a few
    # bytes per call's worth of bookkeeping that is released again; 1 MiB
    # is generous for a fixed-size table.
    measured = [g for g in growth if g is not None]
    worst_growth = max(measured) if measured else None
    bounded = worst_growth is not None and worst_growth <= MIB
    goals.append((f"The armed checker at most {GOAL_CHECKER:g}x the unwatched open/fstat/close "
                   "loop, with bounded memory",
                   f"time: armed in-process {armed_ratio:.2f}x"
                   + (f", preloaded {pre_ratio:.2f}x" if pre_ratio else "")
                   + f" the unwatched loop; memory: the heap grows by {mib(worst_growth)} per "
                   "10^6 watched calls" + (" (bounded)" if bounded else ", without bound"),
                   armed_ratio <= GOAL_CHECKER and (pre_ratio is None or pre_ratio <= GOAL_CHECKER)
                   and bounded))
    return "\n".join(lines), plot


# --- sweeps ------------------------------------------------------------------------

def sweep_block(results, goals):
    runs = Runs(load(results, "sweep.json"))
    cli = load(results, "sweep_cli.json")
    lines = ["| sweep | cases | time per sweep, median (lowest–highest) | cases per second |"
             " vs strace loop |", "|---|---|---|---|---|"]
    strace_rate = None
    if cli:
        s = cli["runs"]["strace_loop"]["seconds"]
        strace_rate = cli["cases"] / statistics.median(s)
    for name, label in (("sweep/in_process", "in-process, ffikit::check::sweep"),
                        ("sweep/in_child", "in-process, a forked child per case")):
        if not runs.has(name):
            continue
        triple = runs.ns(name)
        cases = runs.counter(name, "cases_per_sweep")[0]
        rate = cases / (triple[0] / 1e9)
        vs = f"{rate / strace_rate:.1f}" if strace_rate else ""
        lines.append(f"| {label} | {cases:.0f} | {fmt_spread(triple)} | {rate:,.0f} | {vs} |")
    faultrun_ratio = None
    server_ratio = None
    if cli:
        for key, label in (("faultrun_serial", "ffikit-faultrun"),
                           ("faultrun_jobs_2", "ffikit-faultrun --jobs 2"),
                           ("faultrun_fork_server", "ffikit-faultrun --fork-server"),
                           ("faultrun_fork_server_jobs_2",
                            "ffikit-faultrun --fork-server --jobs 2"),
                           ("strace_loop", "strace -e inject loop")):
            if key not in cli["runs"]:
                continue
            seconds = [t * 1e9 for t in cli["runs"][key]["seconds"]]
            triple = (statistics.median(seconds), min(seconds), max(seconds))
            rate = cli["cases"] / (triple[0] / 1e9)
            lines.append(f"| {label} | {cli['cases']} | {fmt_spread(triple)} | {rate:,.0f} | "
                         f"{rate / strace_rate:.1f} |")
            if key == "faultrun_serial":
                faultrun_ratio = rate / strace_rate
            if key == "faultrun_fork_server":
                server_ratio = rate / strace_rate
        for key, why in cli.get("skipped", {}).items():
            lines.append(f"| {key.replace('_', ' ')} | | not measured: {why} | | |")
        reported = cli["runs"]["strace_loop"].get("cases_reported_by_program")
        if reported is not None:
            lines.append("")
            lines.append(f"In the strace loop, {reported} of {cli['cases']} runs ended with the "
                         "program reporting the injected failure (exit status not 0).")
    if faultrun_ratio is not None:
        # Serial against the serial strace loop; the fork server is the
        # fastest serial way, when this build has it.
        best = max(faultrun_ratio, server_ratio or 0.0)
        measured = f"{faultrun_ratio:.1f}x (serial, each case executed)"
        if server_ratio is not None:
            measured += f"; {server_ratio:.1f}x (serial, --fork-server)"
        goals.append((f"ffikit-faultrun sweeps at least {GOAL_SWEEP:g}x faster than the strace "
                      "loop for the same cases", measured, best >= GOAL_SWEEP))
    return "\n".join(lines)


# --- cat ----------------------------------------------------------------------------

def cat_block(results, goals):
    memory = Runs(load(results, "memory.json"))
    bandwidth = None
    if ("memory/memcpy", "bytes_per_second") in memory.counters:
        bandwidth = memory.counter("memory/memcpy", "bytes_per_second")
    lines = ["| output | ffikit-cat, median (lowest–highest) | GNU cat | cat time / ffikit-cat "
             "time | ffikit-cat copy rate | of memcpy bandwidth |", "|---|---|---|---|---|---|"]
    ratios = []
    size = (load(results, "cat.json") or {}).get("bytes", GIB)
    for output, label in (("pipe", "a pipe"), ("file", "a file")):
        data = load(results, f"cat_{output}.json")
        if not data:
            continue
        by = {r["command"]: r for r in data["results"]}
        ff, gnu = by["ffikit-cat"], by["cat"]
        ratio = gnu["median"] / ff["median"]
        ratios.append((label, ratio))
        rate = size / ff["median"]
        share = f"{rate / bandwidth[0]:.0%}" if bandwidth else ""
        lines.append(
            f"| {label} | {fmt_time(ff['median'] * 1e9)} ({fmt_time(ff['min'] * 1e9)}–"
            f"{fmt_time(ff['max'] * 1e9)}) | {fmt_time(gnu['median'] * 1e9)} "
            f"({fmt_time(gnu['min'] * 1e9)}–{fmt_time(gnu['max'] * 1e9)}) | {ratio:.2f} | "
            f"{fmt_rate(rate)} | {share} |")
    if bandwidth:
        lines.append("")
        lines.append(f"Memory bandwidth (memcpy of 256 MiB, bytes copied per second): "
                     f"{fmt_rate(bandwidth[0])} ({fmt_rate(bandwidth[1])}–{fmt_rate(bandwidth[2])}).")
    if ("memory/scan", "bytes_per_second") in memory.counters:
        scan = memory.counter("memory/scan", "bytes_per_second")
        lines.append(f"The scan every benchmark applies reads {fmt_rate(scan[0])} from memory "
                     f"({fmt_rate(scan[1])}–{fmt_rate(scan[2])}).")
    syscalls = []
    for output in ("pipe", "file"):
        for tool in ("ffikit-cat", "cat"):
            path = os.path.join(results, f"strace-{tool}-{output}.txt")
            if os.path.exists(path):
                syscalls.append((tool, output, strace_summary(path)))
    if syscalls:
        lines.append("")
        lines.append("| tool | output | system calls that took the most system time, with their "
                     "number and share (strace -c) |")
        lines.append("|---|---|---|")
        for tool, output, summary in syscalls:
            lines.append(f"| {tool} | {output} | {summary} |")
    for output, label in (("pipe", "a pipe"), ("file", "a file")):
        paths = {tool: os.path.join(results, f"strace-{tool}-{output}.txt")
                 for tool in ("ffikit-cat", "cat")}
        if not all(os.path.exists(p) for p in paths.values()):
            continue
        top = {tool: strace_rows(p)[0] for tool, p in paths.items()}

        def calls(n):
            return f"{n:,} call" + ("" if n == 1 else "s")
        lines.append("")
        lines.append(f"Into {label}, ffikit-cat spends {top['ffikit-cat'][0]:.0f}% of its system "
                     f"time in {top['ffikit-cat'][1]} ({calls(top['ffikit-cat'][2])}) and GNU cat "
                     f"{top['cat'][0]:.0f}% in {top['cat'][1]} ({calls(top['cat'][2])}).")
    if ratios:
        goals.append(("ffikit-cat at least as fast as GNU cat on both outputs (ratio >= 1.0)",
                      ", ".join(f"{label} {r:.2f}" for label, r in ratios),
                      all(r >= 1.0 for _, r in ratios)))
    return "\n".join(lines)


def strace_rows(path):
    """(share of system-call time in %, name, calls) per line of strace -c."""
    rows = []
    for line in open(path, encoding="utf-8"):
        parts = line.split()
        if len(parts) >= 5 and re.match(r"^[0-9.]+$", parts[0]) and parts[-1] != "total":
            rows.append((float(parts[0]), parts[-1], int(parts[3])))
    rows.sort(reverse=True)
    return rows


def strace_summary(path):
    return ", ".join(f"{name} ×{calls:,} ({share:.1f}%)"
                     for share, name, calls in strace_rows(path)[:3])


# --- plots ----------------------------------------------------------------------------

def gnuplot(script, out_path):
    with tempfile.NamedTemporaryFile("w", suffix=".gp", delete=False) as f:
        f.write(script)
        name = f.name
    try:
        subprocess.run(["gnuplot", name], check=True)
    finally:
        os.unlink(name)
    # gnuplot writes no date, but strip trailing spaces for stable diffs.
    text = open(out_path, encoding="utf-8").read()
    open(out_path, "w", encoding="utf-8").write(
        "\n".join(l.rstrip() for l in text.splitlines()) + "\n")


def plot_stages(points, machine, out):
    sizes = list(dict.fromkeys(p[0] for p in points))
    table = {(s, st): (r, lo, hi) for s, st, r, lo, hi in points}
    data = "\n".join(f'"{s}" ' + " ".join("{:.4f} {:.4f} {:.4f}".format(*table.get((s, st), (0, 0, 0)))
                                         for st in STAGES)
                     for s in sizes)
    low = min(0.9, min(lo for *_, lo, _ in points) - 0.02)
    high = max(1.1, max(hi for *_, hi in points) + 0.02)
    gnuplot(f"""set terminal svg size 720,420 font "sans,11" background "white"
set output "{out}"
set title "Time per cycle relative to stage 1's median: bars span the middle half of the repetitions\\n{{/*0.8 {machine}}}"
set style data histograms
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
set yrange [{low:.2f}:{high:.2f}]
set ylabel "time / stage 1 time"
set key below
set grid ytics
$d << EOD
{data}
EOD
plot $d using 2:3:4:xtic(1) title "stage 1: raw calls", '' using 5:6:7 title "stage 2: owners", '' using 8:9:10 title "stage 3: callback", '' using 11:12:13 title "stage 4: result", 1.02 with lines dashtype 2 lc "black" title "goal: +2%"
""", out)


WAY_TITLE = {"read": "read into a reused buffer", "mmap": "mmap",
             "mmap_seq": "mmap + MADV_SEQUENTIAL", "mmap_populate": "mmap + MAP_POPULATE"}


def plot_mmap_read(points, crossover, machine, out):
    blocks = []
    for way in WAYS:
        rows = "\n".join(f"{size} {ns:.6f}" for size, w, ns in points if w == way)
        blocks.append(f"${way} << EOD\n{rows}\nEOD")
    plots = ", ".join(f'${way} using 1:2 with linespoints title "{WAY_TITLE[way]}" noenhanced'
                      for way in WAYS)
    marker = "" if not crossover else (
        f'set arrow from {crossover}, graph 0 to {crossover}, graph 1 nohead dashtype 2\n'
        f'set label "mmap faster from here" at {crossover}, graph 0.92 offset 0.5,0\n')
    gnuplot(f"""set terminal svg size 720,460 font "sans,11" background "white"
set output "{out}"
set title "Whole-file cycle: time per byte (median)\\n{{/*0.8 {machine}}}"
set logscale xy
set xlabel "file size (bytes)"
set ylabel "ns per byte"
set format x "2^{{%L}}"
set logscale x 2
set grid
set key below
{marker}{chr(10).join(blocks)}
plot {plots}
""", out)


def plot_checker(points, machine, out):
    data = "\n".join(f'"{label}" {ns:.2f}' for label, ns in points)
    gnuplot(f"""set terminal svg size 720,360 font "sans,11" background "white"
set output "{out}"
set title "Time per watched call (median)\\n{{/*0.8 {machine}}}"
set style data histograms
set style fill solid 0.8 border -1
set ylabel "ns per call"
set yrange [0:*]
set grid ytics
unset key
$d << EOD
{data}
EOD
plot $d using 2:xtic(1)
""", out)


def plot_machine(results):
    """The machine in one short line, for the plots' subtitles."""
    m = load(results, "machine.json")
    if not m:
        return "machine not recorded"
    compiler = re.sub(r"^g\+\+ \(.*\) ", "g++ ", m["compiler"])
    cpu = m["cpu"].replace("Intel(R) Xeon(R) Processor", "Intel Xeon")
    return f"{m['cores']} cores, {cpu}, Linux {m['kernel']}, {compiler} -O2".replace('"', "'")


# --- the page ---------------------------------------------------------------------------

def goals_block(goals):
    lines = ["| goal | measured | met |", "|---|---|---|"]
    for goal, measured, met in goals:
        shown = "not decided" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {goal} | {measured} | {shown} |")
    return "\n".join(lines)


def build_blocks(results):
    goals = []
    blocks = {"machine": machine_line(results)}
    blocks["stages"], stage_points = stages_block(results, goals)
    blocks["mmap_read"], crossover, mmap_points = mmap_read_block(results)
    blocks["crossover"] = crossover
    blocks["checker"], checker_points = checker_block(results, goals)
    blocks["sweep"] = sweep_block(results, goals)
    blocks["cat"] = cat_block(results, goals)
    blocks["goals"] = goals_block(goals)
    return blocks, (stage_points, mmap_points, checker_points)


def fill(page, blocks):
    def replace(match):
        name = match.group(1)
        if name not in blocks:
            sys.exit(f"report.py: the page has a block '{name}' this script does not make")
        return f"<!-- bench:{name} -->\n{blocks[name]}\n<!-- /bench:{name} -->"
    return re.sub(r"<!-- bench:(\w+) -->\n.*?<!-- /bench:\1 -->", replace, page, flags=re.S)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", required=True)
    parser.add_argument("--page", required=True)
    parser.add_argument("--plots")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    blocks, (stage_points, mmap_points, checker_points) = build_blocks(args.results)
    page = open(args.page, encoding="utf-8").read()
    updated = fill(page, blocks)
    if args.check:
        if updated != page:
            sys.exit(f"report.py: {args.page} does not show what {args.results} holds; "
                     "run: python3 bench/report.py --results bench/results "
                     f"--page {args.page} --plots docs")
        print(f"report.py: {args.page} matches {args.results}")
        return
    open(args.page, "w", encoding="utf-8").write(updated)
    machine = plot_machine(args.results)
    if args.plots:
        if stage_points:
            plot_stages(stage_points, machine, os.path.join(args.plots, "performance-stages.svg"))
        if mmap_points[0]:
            plot_mmap_read(mmap_points[0], mmap_points[1], machine,
                           os.path.join(args.plots, "performance-mmap-read.svg"))
        if checker_points:
            plot_checker(checker_points, machine, os.path.join(args.plots, "performance-checker.svg"))


if __name__ == "__main__":
    main()
