#!/usr/bin/env python3
"""The valgrind memcheck gate.

valgrind 3.19 lists descriptors left open at exit but does not count them
as errors, and `ctest -T memcheck` exits 0 even when it reports defects, so
this script runs programs under memcheck itself, reads every log and fails
on any of:
  - a memcheck error (invalid read or write, uninitialised value, bad free,
    ...);
  - a heap block definitely, indirectly or possibly lost;
  - a descriptor open at exit that the process did not inherit (valgrind
    marks inherited ones, and the set the gate hands over is known, so the
    check compares sets, never counts);
  - a log without an ERROR SUMMARY (the process was killed);
  - the program's own failure (a failed test is a failed gate).

Two ways in:
  memcheck_gate.py --build-dir BUILD        every GoogleTest binary that
                                             CTest knows in BUILD, each run
                                             once, all its tests
  memcheck_gate.py -- PROGRAM [ARGS...]     one program

Death tests run: GoogleTest re-executes the binary for each one, and that
child runs natively (no --trace-children). The child dies on purpose (exit
70 or SIGBUS) while holding its descriptor and mapping, so a leak report
from it would be noise; the parent, which is checked, must still release
everything around the fork.

--expect KIND (heap-leak, fd-leak, error; repeatable) inverts the verdict for
the gate's own tests: exit 0 only if the run failed with exactly the
expected kinds of defect, no more and no fewer.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time

VALGRIND_OPTIONS = [
    "--tool=memcheck",
    "--leak-check=full",
    "--show-leak-kinds=definite,indirect,possible",
    "--errors-for-leak-kinds=definite,indirect,possible",
    "--track-fds=yes",
    "--num-callers=30",
    "--trace-children=no",
    "--child-silent-after-fork=yes",
    "--suppressions=" + os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                     "memcheck.supp"),
]

# A sanitizer runtime and valgrind cannot share a process; such binaries
# (lessons build ASan twins of some suites) are run by the sanitizer
# configurations instead, and listed here as not applicable.
SANITIZER_MARKERS = (b"__asan_init", b"__tsan_init", b"__msan_init")

PREFIX = re.compile(r"^==\d+== ?")
OPEN_FD = re.compile(r"^Open (?:file descriptor|[A-Za-z_0-9]+ socket) (\d+):?(.*)$")
LOST = re.compile(r"^\s*(definitely|indirectly|possibly) lost: ([\d,]+) bytes in ([\d,]+) blocks")
LOSS_RECORD = re.compile(r"are (definitely|indirectly|possibly) lost in loss record")
ERROR_SUMMARY = re.compile(r"^ERROR SUMMARY: ([\d,]+) errors")
GTEST_PASSED = re.compile(r"^\[  PASSED  \] (\d+) tests?")
GTEST_FAILED = re.compile(r"^\[  FAILED  \] (\d+) tests?")


def number(text):
    return int(text.replace(",", ""))


class Verdict:
    """What one program's run left behind."""

    def __init__(self, name):
        self.name = name
        self.errors = 0
        self.lost_blocks = 0
        self.leaked_fds = []
        self.problems = []
        self.tests_passed = 0
        self.tests_failed = 0
        self.seconds = 0.0

    def kinds(self):
        found = set()
        if self.errors:
            found.add("error")
        if self.lost_blocks:
            found.add("heap-leak")
        if self.leaked_fds:
            found.add("fd-leak")
        if self.problems:
            found.add("other")
        return found


def parse_log(text, inherited, verdict):
    """Adds the defects of one valgrind log to verdict."""
    lines = [PREFIX.sub("", line) for line in text.splitlines()]
    leak_records = 0
    summary = None
    for index, line in enumerate(lines):
        match = OPEN_FD.match(line)
        if match:
            fd = int(match.group(1))
            follow = lines[index + 1].strip() if index + 1 < len(lines) else ""
            if follow != "<inherited from parent>" and fd not in inherited:
                where = lines[index + 2].strip() if index + 2 < len(lines) else ""
                verdict.leaked_fds.append(
                    f"fd {fd}{match.group(2)} opened {follow} {where}".strip())
            continue
        match = LOST.match(line)
        if match:
            verdict.lost_blocks += number(match.group(3))
            continue
        if LOSS_RECORD.search(line):
            leak_records += 1
            continue
        match = ERROR_SUMMARY.match(line)
        if match:
            summary = number(match.group(1))
    if summary is None:
        verdict.problems.append("log has no ERROR SUMMARY: the process "
                                "did not finish under valgrind")
    else:
        # Leaks are counted as errors too (--errors-for-leak-kinds); keep
        # them apart so the report says which is which.
        verdict.errors += max(summary - leak_records, 0)


def run_one(name, command, cwd, log_dir, extra_fds):
    verdict = Verdict(name)
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    log_pattern = os.path.join(log_dir, f"{safe}.%p.valgrind.log")
    output_path = os.path.join(log_dir, f"{safe}.output.txt")
    for stale in os.listdir(log_dir):
        if stale.startswith(f"{safe}.") and stale.endswith(".valgrind.log"):
            os.remove(os.path.join(log_dir, stale))
    argv = ["valgrind", *VALGRIND_OPTIONS, f"--log-file={log_pattern}",
            *command]
    held = [os.open(path, os.O_RDONLY) for path in extra_fds]
    inherited = {0, 1, 2, *held}
    start = time.monotonic()
    try:
        with open(output_path, "w", encoding="utf-8") as output:
            result = subprocess.run(argv, cwd=cwd, stdout=output,
                                    stderr=subprocess.STDOUT,
                                    pass_fds=held, check=False, timeout=600)
        status = result.returncode
    except subprocess.TimeoutExpired:
        status = None
        verdict.problems.append("timed out after 600 s")
    finally:
        for fd in held:
            os.close(fd)
    verdict.seconds = time.monotonic() - start
    with open(output_path, encoding="utf-8", errors="replace") as output:
        for line in output:
            match = GTEST_PASSED.match(line)
            if match:
                verdict.tests_passed = int(match.group(1))
            match = GTEST_FAILED.match(line)
            if match:
                verdict.tests_failed = int(match.group(1))
    if status not in (0, None):
        verdict.problems.append(f"exit status {status} (see {output_path})")
    logs = sorted(f for f in os.listdir(log_dir)
                  if f.startswith(f"{safe}.") and f.endswith(".valgrind.log"))
    if not logs:
        verdict.problems.append("valgrind wrote no log")
    for log in logs:
        path = os.path.join(log_dir, log)
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        if not text.strip():
            continue  # a forked child silenced by --child-silent-after-fork
        parse_log(text, inherited, verdict)
    return verdict


def sanitized(executable):
    with open(executable, "rb") as handle:
        image = handle.read()
    return any(marker in image for marker in SANITIZER_MARKERS)


def gtest_binaries(build_dir):
    """(executable, extra arguments, working directory) of every GoogleTest
    binary CTest lists in build_dir, each once, plus the sanitizer-built
    binaries that valgrind cannot run.

    A binary runs whole, unless CTest also uses it for tests that are meant
    to fail (WILL_FAIL, or PASS_REGULAR_EXPRESSION: a self-test that leaks on
    purpose to prove a detector); then it runs with the filters of its
    ordinary tests only."""
    listing = subprocess.run(
        ["ctest", "--test-dir", build_dir, "--show-only=json-v1"],
        stdout=subprocess.PIPE, text=True, check=True).stdout
    ordinary, expected_failures, cwds = {}, set(), {}
    for test in json.loads(listing).get("tests", []):
        command = test.get("command") or []
        filters = [arg[len("--gtest_filter="):] for arg in command[1:]
                   if arg.startswith("--gtest_filter=")]
        if not filters:
            continue
        props = {p.get("name"): p.get("value")
                 for p in test.get("properties", [])}
        exe = command[0]
        cwds.setdefault(exe, props.get("WORKING_DIRECTORY", build_dir))
        if props.get("WILL_FAIL") or props.get("PASS_REGULAR_EXPRESSION"):
            expected_failures.add(exe)
        else:
            ordinary.setdefault(exe, []).extend(filters)
    runs, skipped = [], []
    for exe in sorted(set(ordinary) | expected_failures):
        if not os.path.exists(exe):
            continue
        if sanitized(exe):
            skipped.append(exe)
            continue
        if exe not in ordinary:
            continue
        args = []
        if exe in expected_failures:
            args = ["--gtest_filter=" + ":".join(ordinary[exe])]
        runs.append((exe, args, cwds[exe]))
    # Largest first, so that the longest runs do not start last and leave
    # one worker idle at the end.
    runs.sort(key=lambda run: os.path.getsize(run[0]), reverse=True)
    return runs, skipped


def report(verdict):
    status = "ok" if not verdict.kinds() else "FAIL"
    print(f"  {status:4} {verdict.name}: {verdict.tests_passed} tests passed, "
          f"{verdict.tests_failed} failed, {verdict.errors} memcheck errors, "
          f"{verdict.lost_blocks} lost blocks, {len(verdict.leaked_fds)} "
          f"leaked descriptors, {verdict.seconds:.1f}s")
    for fd in verdict.leaked_fds:
        print(f"       leaked {fd}")
    for problem in verdict.problems:
        print(f"       {problem}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir")
    parser.add_argument("--log-dir")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--expect", action="append", default=[],
                        choices=["heap-leak", "fd-leak", "error"])
    parser.add_argument("--hold-open", action="append", default=[],
                        metavar="PATH",
                        help="open PATH and let the program inherit it, to "
                             "show inherited descriptors are not leaks")
    parser.add_argument("--summary", metavar="FILE",
                        help="append NAME|PASSED|FAILED|DETAIL to FILE")
    parser.add_argument("command", nargs="*")
    args = parser.parse_args()

    if bool(args.build_dir) == bool(args.command):
        parser.error("give either --build-dir or -- PROGRAM")
    # Absolute, because valgrind runs each program in its own working
    # directory and would resolve a relative log path from there.
    log_dir = os.path.abspath(
        args.log_dir or tempfile.mkdtemp(prefix="ffikit-memcheck-"))
    os.makedirs(log_dir, exist_ok=True)

    skipped = []
    if args.build_dir:
        runs, skipped = gtest_binaries(os.path.abspath(args.build_dir))
        jobs = [(os.path.basename(exe), [exe, *extra], cwd)
                for exe, extra, cwd in runs]
        if not jobs:
            print("memcheck gate: no GoogleTest binaries found", file=sys.stderr)
            return 1
    else:
        jobs = [(os.path.basename(args.command[0]), args.command, os.getcwd())]

    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        verdicts = list(pool.map(
            lambda job: run_one(*job, log_dir, args.hold_open), jobs))
    elapsed = time.monotonic() - start

    print(f"memcheck gate (logs in {log_dir}):")
    for verdict in verdicts:
        report(verdict)
    for exe in skipped:
        print(f"  n/a  {os.path.basename(exe)}: built with a sanitizer, "
              "which valgrind cannot run; the sanitizer configurations run it")
    found = set().union(*(v.kinds() for v in verdicts))
    passed = sum(v.tests_passed for v in verdicts)
    failed = sum(v.tests_failed for v in verdicts)
    errors = sum(v.errors for v in verdicts)
    blocks = sum(v.lost_blocks for v in verdicts)
    fds = sum(len(v.leaked_fds) for v in verdicts)
    line = (f"{len(verdicts)} programs, {errors} memcheck errors, {blocks} "
            f"lost blocks, {fds} leaked descriptors, {elapsed:.0f}s")
    print(f"memcheck: {passed} tests passed, {failed} failed; {line}")
    if args.summary:
        bad = failed + sum(1 for v in verdicts if v.kinds() and not v.tests_failed)
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(f"memcheck|{passed}|{bad}|{line}\n")

    if args.expect:
        if found != set(args.expect):
            print(f"gate proof FAILED: expected exactly {sorted(args.expect)}, "
                  f"found {sorted(found)}")
            return 1
        print(f"gate proof ok: the gate failed and found {sorted(args.expect)}")
        return 0
    if found:
        print("memcheck gate FAILED")
        return 1
    print("memcheck gate passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
