#!/usr/bin/env python3
"""The static-analysis gates: clang-tidy over src/ and clang-format over
src/ and tests/.

  lint_gate.py tidy   --build-dir BUILD [--baseline FILE] [--jobs N]
  lint_gate.py format [--baseline FILE]
  lint_gate.py prove-tidy            (planted defects must be reported)
  lint_gate.py prove-format          (a planted misformat must be reported)

clang-tidy runs on every translation unit under src/ in BUILD's compile
database (the `tidy` preset writes one without building anything), and on
one generated unit per public header (FFIKIT_TIDY_HEADERS); the
checks and the header filter come from the checked-in .clang-tidy. Each
diagnostic is printed once even when several translation units include the
header it sits in.

Units compiled with the same flags are checked together, as one generated
unit that includes each of them: most of a unit's time goes to the
standard headers it includes, which a group parses and matches once. The
files stay under the header filter, so every check still reports in them
(prove-tidy shows it on the planted defects); a group that does not
compile as one unit (two files defining the same internal name) is
checked file by file instead.

A baseline lists debt that exists and is owned by someone: lines of
"COUNT PATH CHECK" (tidy) or "COUNT PATH" (format). The gate fails when any
(path, check) has more findings than its baseline entry, so nothing new gets
in; entries that have been paid off are reported so the baseline can only
shrink. With no baseline, any finding fails the gate.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PLANTED = os.path.join("tests", "gates", "planted")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
DIAGNOSTIC = re.compile(
    r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<level>warning|error): (?P<message>.*?)(?: \[(?P<checks>[^\]]+)\])?$")

# Planted defects and the check that must report each (see
# planted/tidy_defects.cpp).
PLANTED_TIDY_CHECKS = [
    "bugprone-use-after-move",
    "cert-err33-c",
    "performance-unnecessary-value-param",
    "cppcoreguidelines-pro-type-member-init",
    "bugprone-suspicious-string-compare",
]

TIDY_HEADER = """\
# clang-tidy findings under src/ that exist today, as COUNT PATH CHECK.
# Known debt owned by each file's author: the gate fails on anything beyond
# these counts, and says when an entry can be lowered. Regenerate with
#   python3 tests/gates/lint_gate.py tidy --write-baseline FILE
# only to record paid-off debt, never to admit new findings.
"""
FORMAT_HEADER = """\
# clang-format findings that exist today, as COUNT PATH. Known debt owned by
# each file's author (fix with clang-format -i PATH); the gate fails on
# anything beyond these counts.
"""


def relative(path):
    path = os.path.normpath(os.path.join(TOP, path))
    return os.path.relpath(path, TOP)


def read_baseline(path):
    counts = collections.Counter()
    if not path:
        return counts
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            count, key = line.split(None, 1)
            counts[key.strip()] = int(count)
    return counts


def write_baseline(path, found, header):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(header)
        for key, count in sorted(found.items()):
            handle.write(f"{count} {key}\n")
    print(f"wrote {len(found)} entries to {path}")


def compare(found, baseline, label, summary, detail_total):
    """Prints the comparison with the baseline; returns the exit status."""
    new = {k: n for k, n in found.items() if n > baseline.get(k, 0)}
    paid = {k: n for k, n in baseline.items() if found.get(k, 0) < n}
    total = sum(found.values())
    debt = sum(min(n, baseline.get(k, 0)) for k, n in found.items())
    for key, count in sorted(new.items()):
        print(f"  NEW  {key}: {count} (baseline {baseline.get(key, 0)})")
    for key, count in sorted(paid.items()):
        print(f"  paid {key}: baseline {count}, now {found.get(key, 0)}: "
              "lower the baseline")
    status = "FAILED" if new else "passed"
    if baseline:
        line = (f"{total} findings, {debt} of them known debt in the baseline, "
                f"{sum(new.values())} new; {detail_total}")
    else:
        line = f"{total} findings (none allowed); {detail_total}"
    print(f"{label}: {line}: gate {status}")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(f"{label}|{0 if new else 1}|{1 if new else 0}|{line}\n")
    return 1 if new else 0


def tidy_units(build_dir):
    with open(os.path.join(build_dir, "compile_commands.json"),
              encoding="utf-8") as handle:
        database = json.load(handle)
    units = []
    for entry in database:
        path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
        rel = os.path.relpath(path, TOP)
        header_unit = os.path.basename(os.path.dirname(path)) == "tidy_headers"
        if rel.startswith("src" + os.sep) or header_unit:
            units.append(path)
    return sorted(set(units))


def unit_flags(entry):
    """The compiler arguments of a compile database entry, without the
    compiler, the source file, -c and -o OUTPUT."""
    words = (entry["arguments"] if "arguments" in entry
             else shlex.split(entry["command"]))
    source = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    flags = []
    skip = False
    for word in words[1:]:
        if skip:
            skip = False
        elif word == "-o":
            skip = True
        elif word == "-c" or word.startswith("-o") and len(word) > 2:
            continue
        elif os.path.normpath(os.path.join(entry["directory"], word)) == source:
            continue
        else:
            flags.append(word)
    return flags


def tidy_groups(build_dir, units):
    """The units as groups sharing one directory and one set of flags, each
    (directory, flags, [paths])."""
    with open(os.path.join(build_dir, "compile_commands.json"),
              encoding="utf-8") as handle:
        database = json.load(handle)
    wanted = set(units)
    groups = collections.OrderedDict()
    seen = set()
    for entry in database:
        path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
        if path not in wanted or path in seen:
            continue
        seen.add(path)
        key = (entry["directory"], tuple(unit_flags(entry)))
        groups.setdefault(key, []).append(path)
    return [(d, list(f), sorted(p)) for (d, f), p in groups.items()]


def run_tidy_together(unity_dir, name, paths, flags, cwd, header_filter=None):
    """clang-tidy on one generated unit that includes every file of @p paths.
    The unit lives under the tree, so the checked-in .clang-tidy applies."""
    os.makedirs(unity_dir, exist_ok=True)
    unity = os.path.join(unity_dir, name + ".cpp")
    with open(unity, "w", encoding="utf-8") as handle:
        handle.write("// Generated by tests/gates/lint_gate.py: one clang-tidy "
                     "unit for files with the same flags.\n")
        for path in paths:
            handle.write(f'#include "{path}"\n')
    command = ["clang-tidy", "--quiet", "--use-color=false"]
    if header_filter:
        command.append(f"--header-filter={header_filter}")
    command += [unity, "--"] + flags
    return subprocess.run(command, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True,
                          errors="replace", cwd=cwd, check=False).stdout


def run_tidy_group(build_dir, name, group):
    """A group as one unit; if it does not compile as one, each half as a
    group of its own, down to single files checked as the build compiles
    them."""
    directory, flags, paths = group
    if len(paths) == 1:
        return run_tidy(build_dir, paths[0])
    output = run_tidy_together(os.path.join(build_dir, "tidy_unity"),
                               f"group{name}", paths, flags, directory)
    if "clang-diagnostic-error" not in output:
        return output
    half = len(paths) // 2
    return "\n".join(
        run_tidy_group(build_dir, f"{name}_{i}", (directory, flags, part))
        for i, part in enumerate((paths[:half], paths[half:])))


def run_tidy(build_dir, unit):
    result = subprocess.run(
        ["clang-tidy", "-p", build_dir, "--quiet", "--use-color=false", unit],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        errors="replace", cwd=TOP, check=False)
    return result.stdout


def parse_diagnostics(output):
    found = set()
    for raw in output.splitlines():
        match = DIAGNOSTIC.match(ANSI.sub("", raw))
        if match:
            checks = match.group("checks") or "clang-diagnostic-error"
            found.add((relative(match.group("path")), int(match.group("line")),
                       int(match.group("col")), match.group("level"),
                       match.group("message"), checks))
    return found


def tidy(args):
    build_dir = os.path.abspath(args.build_dir)
    units = tidy_units(build_dir)
    if not units:
        print("tidy gate: no translation unit under src/ in the database")
        return 1
    start = time.monotonic()
    groups = tidy_groups(build_dir, units)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        outputs = list(pool.map(
            lambda item: run_tidy_group(build_dir, *item), enumerate(groups)))
    diagnostics = set()
    for output in outputs:
        diagnostics |= parse_diagnostics(output)
    # Only what lies under src/ counts; the header filter should already
    # ensure that.
    diagnostics = {d for d in diagnostics if d[0].startswith("src" + os.sep)}
    found = collections.Counter()
    for path, line, col, level, message, checks in sorted(diagnostics):
        print(f"{path}:{line}:{col}: {level}: {message} [{checks}]")
        found[f"{path} {checks.split(',')[0]}"] += 1
    per_check = collections.Counter(
        d[5].split(",")[0] for d in diagnostics)
    for check, count in per_check.most_common():
        print(f"  {count:4} {check}")
    if args.write_baseline:
        write_baseline(args.write_baseline, found, TIDY_HEADER)
    return compare(found, read_baseline(args.baseline), "clang-tidy",
                   args.summary, f"{len(units)} translation units in "
                   f"{len(groups)} groups, "
                   f"{time.monotonic() - start:.0f}s")


def format_files():
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard",
         "--", "src", "tests"], stdout=subprocess.PIPE, text=True, cwd=TOP,
        check=True).stdout.split()
    return sorted(p for p in listing
                  if p.endswith((".cpp", ".hpp", ".h", ".cc"))
                  and not p.startswith(PLANTED + os.sep)
                  and os.path.exists(os.path.join(TOP, p)))


def format_findings(paths):
    found = collections.Counter()
    for path in paths:
        result = subprocess.run(
            ["clang-format", "--dry-run", "--style=file", path],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            cwd=TOP, check=False)
        for raw in result.stdout.splitlines():
            match = DIAGNOSTIC.match(ANSI.sub("", raw))
            if match:
                print(f"{relative(match.group('path'))}:{match.group('line')}: "
                      "not formatted")
                found[relative(match.group("path"))] += 1
    return found


def format_gate(args):
    paths = format_files()
    found = format_findings(paths)
    if args.write_baseline:
        write_baseline(args.write_baseline, found, FORMAT_HEADER)
    return compare(found, read_baseline(args.baseline), "clang-format",
                   args.summary, f"{len(paths)} files checked")


def prove_tidy(args):
    """The planted defects must be reported both ways the gate runs
    clang-tidy: as a unit of its own, and included in a group's unit with
    another file (here the clean planted file)."""
    planted = os.path.join(PLANTED, "tidy_defects.cpp")
    alone = subprocess.run(
        ["clang-tidy", "--quiet", "--use-color=false", planted, "--",
         "-std=c++20"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, cwd=TOP, check=False).stdout
    grouped = run_tidy_together(
        os.path.join(os.path.abspath(args.build_dir), "tidy_unity"), "proof",
        [os.path.join(TOP, planted), os.path.join(TOP, PLANTED, "clean.cpp")],
        ["-std=c++20"], TOP, header_filter=re.escape(os.path.join(TOP, PLANTED)))
    status = 0
    for way, output in (("alone", alone), ("in a group", grouped)):
        reported = {check for d in parse_diagnostics(output)
                    if d[0] == planted for check in d[5].split(",")}
        for check in PLANTED_TIDY_CHECKS:
            print(f"  {'caught' if check in reported else 'MISSED'} {check} "
                  f"({way})")
        missing = [c for c in PLANTED_TIDY_CHECKS if c not in reported]
        if missing:
            print(f"tidy gate proof FAILED: {missing} not reported {way}")
            status = 1
    if status == 0:
        print(f"tidy gate proof ok: all {len(PLANTED_TIDY_CHECKS)} planted "
              "defects reported alone and in a group")
    return status


def prove_format(_args):
    planted = os.path.join(PLANTED, "misformatted.cpp")
    found = format_findings([planted])
    if not found:
        print("format gate proof FAILED: the misformatted file passed")
        return 1
    print(f"format gate proof ok: {sum(found.values())} findings in {planted}")
    return 0


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["tidy", "format", "prove-tidy",
                                         "prove-format"])
    parser.add_argument("--build-dir", default=os.path.join(TOP, "build", "tidy"))
    parser.add_argument("--baseline")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--write-baseline", metavar="FILE",
                        help="record the current findings as the baseline")
    parser.add_argument("--summary", metavar="FILE")
    args = parser.parse_args()
    modes = {"tidy": tidy, "format": format_gate, "prove-tidy": prove_tidy,
             "prove-format": prove_format}
    return modes[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
