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
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        outputs = list(pool.map(lambda unit: run_tidy(build_dir, unit), units))
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
                   args.summary, f"{len(units)} translation units, "
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


def prove_tidy(_args):
    planted = os.path.join(PLANTED, "tidy_defects.cpp")
    output = subprocess.run(
        ["clang-tidy", "--quiet", "--use-color=false", planted, "--",
         "-std=c++20"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, cwd=TOP, check=False).stdout
    reported = {check for d in parse_diagnostics(output)
                for check in d[5].split(",")}
    missing = [c for c in PLANTED_TIDY_CHECKS if c not in reported]
    for check in PLANTED_TIDY_CHECKS:
        print(f"  {'caught' if check in reported else 'MISSED'} {check}")
    if missing:
        print(f"tidy gate proof FAILED: {missing} not reported")
        return 1
    print(f"tidy gate proof ok: all {len(PLANTED_TIDY_CHECKS)} planted "
          "defects reported")
    return 0


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
