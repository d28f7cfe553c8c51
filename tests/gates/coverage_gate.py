#!/usr/bin/env python3
"""The coverage gate: line and branch coverage from clang's source-based
coverage (llvm-profdata, llvm-cov), with thresholds that fail the run, and
the exact file:line of everything left uncovered.

usage: coverage_gate.py --root SRC --profiles DIR --objects BUILD [--objects ...]
                        --filter REGEX [--filter ...] [--line 95] [--branch 90]
                        [--run PROGRAM] [--expect-fail] [--summary FILE]

--profiles is the directory the instrumented programs wrote their .profraw
files to (LLVM_PROFILE_FILE=DIR/%p-%m.profraw: a program and the
instrumented checker it preloads each keep their own). --objects names a build tree
or one program; every linked ELF program or library in it that carries a
coverage map is read. Each --filter is a regular expression for source paths relative to
--root. Files are grouped by their first two path components
(src/stage2_raii, src/check, ...) and EVERY group must meet both
thresholds; the total is printed too.

A branch is one outcome (true or false) of a condition written in the
source: each operand of && and ||, each if, loop and ?: condition. An
outcome counts as taken if any template instantiation took it, so a
template's conditions are measured once, as written; unwinding edges the
compiler adds are not branches here. Two kinds of region clang reports are
not run-time decisions written in the source and are left out (and
counted in the output): the condition of an `if constexpr`, decided at
compile time, and the comparisons of a defaulted operator== or <=>, which
the compiler writes and maps, all of them, onto the `= default` itself.

--run PROGRAM runs PROGRAM first (writing its profile into --profiles);
--expect-fail inverts the verdict, for the gate's own planted-defect test.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

LLVM_PROFDATA = os.environ.get("FFIKIT_LLVM_PROFDATA", "llvm-profdata-14")
LLVM_COV = os.environ.get("FFIKIT_LLVM_COV", "llvm-cov-14")


def percent(covered, total):
    return 100.0 if total == 0 else 100.0 * covered / total


def group_of(path):
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else path


def instrumented_objects(build_dir):
    """Linked ELF executables and shared libraries under build_dir (or
    build_dir itself, if it is a file) that carry a coverage map; object
    files and archives are left to the programs they are linked into."""
    found = []
    walk = ([(os.path.dirname(build_dir), [], [os.path.basename(build_dir)])]
            if os.path.isfile(build_dir) else os.walk(build_dir))
    for top, dirs, files in walk:
        dirs[:] = [d for d in dirs if d != "CMakeFiles"]
        for name in files:
            if name.endswith((".o", ".a")):
                continue
            path = os.path.join(top, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            with open(path, "rb") as handle:
                if handle.read(4) != b"\x7fELF":
                    continue
                if b"__llvm_covmap" in handle.read():
                    found.append(path)
    return sorted(found)


def merge_profiles(profile_dir, merged):
    raw = sorted(glob.glob(os.path.join(profile_dir, "*.profraw")))
    if not raw:
        return 0
    listing = merged + ".inputs"
    with open(listing, "w", encoding="utf-8") as handle:
        handle.write("\n".join(raw) + "\n")
    # failure-mode=all: a process killed while it wrote (a timeout's SIGKILL)
    # leaves a torn profile; it is reported and skipped, the rest still count.
    subprocess.run([LLVM_PROFDATA, "merge", "-sparse", "--failure-mode=all",
                    "-o", merged, "--input-files", listing], check=True)
    return len(raw)


def kept(path, root, filters):
    relative = os.path.relpath(path, root)
    if relative.startswith("..") or not any(
            re.match(regex, relative) for regex in filters):
        return None
    return relative


def parse_lines(lcov_text, root, filters):
    """{relative path: {line: count}} from llvm-cov's lcov export."""
    files = {}
    current = None
    for line in lcov_text.splitlines():
        if line.startswith("SF:"):
            path = kept(line[3:], root, filters)
            current = files.setdefault(path, {}) if path else None
        elif current is not None and line.startswith("DA:"):
            number, count = (int(x) for x in line[3:].split(",")[:2])
            current[number] = max(current.get(number, 0), count)
    return files


IF_CONSTEXPR = re.compile(r"\bif\s+constexpr\s*\(\s*$")
DEFAULTED = re.compile(r"\)\s*(const\s*)?(noexcept\s*)?=\s*default\b")


def compile_time_region(source_lines, line, column):
    """True for a region that is no run-time decision in the source: an
    `if constexpr` condition, or a defaulted comparison's members."""
    if not 0 < line <= len(source_lines):
        return False
    text = source_lines[line - 1]
    defaulted = DEFAULTED.search(text)
    return (IF_CONSTEXPR.search(text[:column - 1]) is not None
            or (defaulted is not None and column - 1 >= defaulted.start()))


def parse_branches(json_text, root, filters, skipped):
    """{relative path: {line: [untaken outcomes, total outcomes]}} from
    llvm-cov's JSON export. Each branch region is one source condition,
    listed once per instantiation; instantiations are merged by position.
    Compile-time regions are counted in skipped[path] instead."""
    files = {}
    for export in json.loads(json_text)["data"]:
        for entry in export["files"]:
            path = kept(entry["filename"], root, filters)
            if not path:
                continue
            with open(entry["filename"], encoding="utf-8",
                      errors="replace") as handle:
                source_lines = handle.read().splitlines()
            regions = {}
            for region in entry.get("branches", []):
                start_line, start_col, end_line, end_col, true_count, false_count = \
                    region[:6]
                key = (start_line, start_col, end_line, end_col)
                if compile_time_region(source_lines, start_line, start_col):
                    skipped.setdefault(path, set()).add(key)
                    continue
                taken = regions.setdefault(key, [False, False])
                taken[0] = taken[0] or true_count > 0
                taken[1] = taken[1] or false_count > 0
            lines = files.setdefault(path, {})
            for (start_line, *_), (true_taken, false_taken) in regions.items():
                counts = lines.setdefault(start_line, [0, 0])
                counts[0] += (not true_taken) + (not false_taken)
                counts[1] += 2
    return files


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", required=True)
    parser.add_argument("--profiles", required=True)
    parser.add_argument("--objects", action="append", required=True)
    parser.add_argument("--filter", action="append", required=True)
    parser.add_argument("--line", type=float, default=95.0)
    parser.add_argument("--branch", type=float, default=90.0)
    parser.add_argument("--run")
    parser.add_argument("--expect-fail", action="store_true")
    parser.add_argument("--summary", metavar="FILE")
    parser.add_argument("--name", default="coverage")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    profiles = os.path.abspath(args.profiles)

    if args.run:
        os.makedirs(profiles, exist_ok=True)
        environment = dict(os.environ,
                           LLVM_PROFILE_FILE=os.path.join(profiles, "%p-%m.profraw"))
        subprocess.run([args.run], stdout=subprocess.DEVNULL, env=environment,
                       check=True)

    objects = []
    for build in args.objects:
        objects += instrumented_objects(os.path.abspath(build))
    with tempfile.TemporaryDirectory(prefix="ffikit-coverage-") as scratch:
        merged = os.path.join(scratch, "merged.profdata")
        count = merge_profiles(profiles, merged)
        if count == 0 or not objects:
            print(f"coverage gate: {count} profiles in {args.profiles}, "
                  f"{len(objects)} instrumented programs: nothing to measure")
            return 0 if args.expect_fail else 1
        print(f"coverage: {count} profiles, {len(objects)} instrumented programs")
        command = [LLVM_COV, "export", "-instr-profile", merged, objects[0]]
        for extra in objects[1:]:
            command += ["-object", extra]
        lcov = subprocess.run(command + ["-format=lcov"], check=True,
                              capture_output=True, text=True).stdout
        exported = subprocess.run(command + ["-format=text"], check=True,
                                  capture_output=True, text=True).stdout
    line_files = parse_lines(lcov, root, args.filter)
    skipped = {}
    branch_files = parse_branches(exported, root, args.filter, skipped)

    groups = {}
    missed_lines, missed_branches = [], []
    totals = [0, 0, 0, 0]
    print(f"{'file':58} {'lines':>16} {'branches':>16}")
    for name in sorted(set(line_files) | set(branch_files)):
        lines = line_files.get(name, {})
        branches = branch_files.get(name, {})
        lc = sum(1 for count in lines.values() if count > 0)
        lt = len(lines)
        bt = sum(total for _, total in branches.values())
        bc = bt - sum(untaken for untaken, _ in branches.values())
        print(f"  {name:56} {lc:5}/{lt:<5} {percent(lc, lt):5.1f}% "
              f"{bc:4}/{bt:<4} {percent(bc, bt):5.1f}%")
        group = groups.setdefault(group_of(name), [0, 0, 0, 0])
        for i, value in enumerate((lc, lt, bc, bt)):
            group[i] += value
            totals[i] += value
        uncovered = [str(n) for n in sorted(lines) if lines[n] == 0]
        if uncovered:
            missed_lines.append(f"    {name}: {', '.join(uncovered)}")
        untaken = [f"{n}({branches[n][0]}/{branches[n][1]})"
                   for n in sorted(branches) if branches[n][0] > 0]
        if untaken:
            missed_branches.append(f"    {name}: {', '.join(untaken)}")

    if not groups:
        print("coverage gate: no source file matched the filters")
        return 0 if args.expect_fail else 1

    failing = []
    print(f"thresholds: lines >= {args.line:.0f}%, branches >= {args.branch:.0f}%")
    for name, (lc, lt, bc, bt) in sorted(groups.items()):
        ok = percent(lc, lt) >= args.line and percent(bc, bt) >= args.branch
        if not ok:
            failing.append(name)
        print(f"  {'ok  ' if ok else 'FAIL'} {name:40} lines {percent(lc, lt):5.1f}% "
              f"({lc}/{lt})  branches {percent(bc, bt):5.1f}% ({bc}/{bt})")
    lc, lt, bc, bt = totals
    line = (f"lines {percent(lc, lt):.1f}% ({lc}/{lt}), "
            f"branches {percent(bc, bt):.1f}% ({bc}/{bt})")
    print(f"  total {line}")
    if skipped:
        print("left out as compile-time regions (if constexpr, defaulted "
              "comparisons): " + ", ".join(
                  f"{name} {len(keys)}" for name, keys in sorted(skipped.items())))
    if missed_lines:
        print("uncovered lines (file: line, ...):")
        print("\n".join(missed_lines))
    if missed_branches:
        print("lines with untaken branches (file: line(untaken/total), ...):")
        print("\n".join(missed_branches))

    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as handle:
            handle.write(f"{args.name}|{len(groups) - len(failing)}|"
                         f"{len(failing)}|{line}\n")
    if args.expect_fail:
        if failing:
            print(f"gate proof ok: the coverage gate failed on {failing}")
            return 0
        print("gate proof FAILED: the planted untested code met the thresholds")
        return 1
    if failing:
        print(f"coverage gate FAILED: below threshold: {', '.join(failing)}")
        return 1
    print("coverage gate passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
