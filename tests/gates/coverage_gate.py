#!/usr/bin/env python3
"""The coverage gate: line and branch coverage from gcovr, with thresholds
that fail the run, and the exact file:line of everything left uncovered.

usage: coverage_gate.py --root SRC --search BUILD [--search ...]
                        --filter REGEX [--filter ...] [--line 95] [--branch 90]
                        [--run PROGRAM] [--expect-fail] [--summary FILE]

Each --filter is a regular expression for source paths relative to --root.
Files are grouped by their first two path components (src/stage2_raii,
src/check, ...) and EVERY group must meet both thresholds; the total is
printed too. Branches that only exist for exception unwinding, and branches
the compiler proved unreachable, are left out (gcovr's
--exclude-throw-branches and --exclude-unreachable-branches): they are not
decisions in the source.

--run PROGRAM runs PROGRAM first (to write its .gcda files); --expect-fail
inverts the verdict, for the gate's own planted-defect test.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile


def percent(covered, total):
    return 100.0 if total == 0 else 100.0 * covered / total


def group_of(path):
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else path


def uncovered_report(details):
    """file:line lists of uncovered lines and of lines with an untaken
    branch, from gcovr's detailed JSON."""
    lines_out, branches_out = [], []
    for entry in sorted(details.get("files", []), key=lambda e: e["file"]):
        missed_lines, missed_branches = [], []
        for line in entry.get("lines", []):
            if line.get("gcovr/noncode") or line.get("gcovr/excluded"):
                continue
            if line.get("count", 0) == 0:
                missed_lines.append(str(line["line_number"]))
            untaken = [b for b in line.get("branches", []) if b.get("count", 0) == 0]
            if untaken:
                missed_branches.append(
                    f"{line['line_number']}({len(untaken)}/{len(line['branches'])})")
        if missed_lines:
            lines_out.append(f"    {entry['file']}: {', '.join(missed_lines)}")
        if missed_branches:
            branches_out.append(f"    {entry['file']}: {', '.join(missed_branches)}")
    return lines_out, branches_out


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", required=True)
    parser.add_argument("--search", action="append", required=True)
    parser.add_argument("--filter", action="append", required=True)
    parser.add_argument("--line", type=float, default=95.0)
    parser.add_argument("--branch", type=float, default=90.0)
    parser.add_argument("--run")
    parser.add_argument("--expect-fail", action="store_true")
    parser.add_argument("--summary", metavar="FILE")
    parser.add_argument("--name", default="coverage")
    args = parser.parse_args()
    root = os.path.abspath(args.root)

    if args.run:
        subprocess.run([args.run], stdout=subprocess.DEVNULL, check=True)

    with tempfile.TemporaryDirectory(prefix="ffikit-coverage-") as scratch:
        summary_json = os.path.join(scratch, "summary.json")
        details_json = os.path.join(scratch, "details.json")
        command = ["gcovr", "--root", root,
                   "--exclude-throw-branches", "--exclude-unreachable-branches",
                   "--json-summary", summary_json, "--json", details_json,
                   "-j", "2"]
        for regex in args.filter:
            command += ["--filter", re.escape(root + os.sep) + regex]
        command += [os.path.abspath(path) for path in args.search]
        subprocess.run(command, cwd=root, check=True)
        with open(summary_json, encoding="utf-8") as handle:
            summary = json.load(handle)
        with open(details_json, encoding="utf-8") as handle:
            details = json.load(handle)

    groups = {}
    print(f"{'file':58} {'lines':>16} {'branches':>16}")
    for entry in sorted(summary.get("files", []), key=lambda e: e["filename"]):
        name = entry["filename"]
        print(f"  {name:56} {entry['line_covered']:5}/{entry['line_total']:<5} "
              f"{percent(entry['line_covered'], entry['line_total']):5.1f}% "
              f"{entry['branch_covered']:4}/{entry['branch_total']:<4} "
              f"{percent(entry['branch_covered'], entry['branch_total']):5.1f}%")
        group = groups.setdefault(group_of(name), [0, 0, 0, 0])
        group[0] += entry["line_covered"]
        group[1] += entry["line_total"]
        group[2] += entry["branch_covered"]
        group[3] += entry["branch_total"]

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
    total_lines = percent(summary["line_covered"], summary["line_total"])
    total_branches = percent(summary["branch_covered"], summary["branch_total"])
    line = (f"lines {total_lines:.1f}% ({summary['line_covered']}/"
            f"{summary['line_total']}), branches {total_branches:.1f}% "
            f"({summary['branch_covered']}/{summary['branch_total']})")
    print(f"  total {line}")

    missed_lines, missed_branches = uncovered_report(details)
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
