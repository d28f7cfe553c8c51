#!/usr/bin/env python3
"""Fault sweeps from the command line, timed: ffikit-faultrun (serial, and
with --jobs 2 and --fork-server when this build's ffikit-faultrun has those
options) against the
peer a user would otherwise script, a loop of one strace run per case with
`-e inject=SYSCALL:error=ERRNO:when=N` (`when=N+` for a persistent fault).

Both sides run the same cases on the same program: the cases are the rows
ffikit-faultrun prints (call, N, errno, mode). Each side is timed
--repetitions times; the JSON written to --out holds every wall time, the
case count and, for the strace loop, how many cases made the program report
a failure (a fault that strace never injected would make the loop look
faster than it is).

usage: sweep_cli.py --faultrun PATH --out FILE [--repetitions N] -- PROGRAM ARGS...
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

# The system call each watched C function makes on x86_64 with glibc 2.36.
SYSCALL = {
    "open": "openat",
    "openat": "openat",
    "fstat": "newfstatat",
    "mmap": "mmap",
    "munmap": "munmap",
    "close": "close",
}
ROW = re.compile(r"^(\w+)\s+(\d+)\s+(E[A-Z0-9]+)\s+(transient|persistent)\b")


def cases_of(faultrun, program):
    """The (call, n, errno, mode) rows of a serial ffikit-faultrun run."""
    out = subprocess.run([faultrun, "--", *program], capture_output=True, text=True).stdout
    cases = [m.groups() for m in map(ROW.match, out.splitlines()) if m]
    if not cases:
        sys.exit("sweep_cli.py: no case rows in ffikit-faultrun's output:\n" + out)
    return [(call, int(n), errno, mode) for call, n, errno, mode in cases]


def supports_option(faultrun, option):
    usage = subprocess.run([faultrun, "--help"], capture_output=True, text=True)
    return option in usage.stdout + usage.stderr


def timed(command, repetitions):
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def munmaps_before_program(program, path):
    """How many munmap calls the process makes before the program's own
    (the loader and the C library unmap too, and strace's -P cannot select
    munmap, which names no file): strace counts every munmap, so a case
    "munmap N" becomes when=OFFSET+N."""
    log = subprocess.run(
        ["strace", "-f", "-y", "-e", "trace=mmap,munmap", "-o", "/dev/stderr", *program],
        capture_output=True, text=True).stderr
    mapped = None
    count = 0
    for line in log.splitlines():
        if mapped is None and "mmap(" in line and "<" + path + ">" in line:
            found = re.search(r"= (0x[0-9a-f]+)", line)
            mapped = found.group(1) if found else None
        elif "munmap(" in line:
            if mapped is not None and "munmap(" + mapped in line:
                return count
            count += 1
    sys.exit("sweep_cli.py: could not find the program's munmap of " + path)


def strace_command(case, program, path, munmap_offset):
    call, n, errno, mode = case
    syscall = SYSCALL[call]
    when = n + munmap_offset if syscall == "munmap" else n
    spec = f"inject={syscall}:error={errno}:when={when}" + ("+" if mode == "persistent" else "")
    select = [] if syscall == "munmap" else ["-P", path]
    return ["strace", "-f", "-o", "/dev/null", *select, "-e", spec, *program]


def strace_loop(cases, program, path, repetitions):
    offset = munmaps_before_program(program, path)
    commands = [strace_command(c, program, path, offset) for c in cases]
    times = []
    failures_reported = 0
    for _ in range(repetitions):
        failures_reported = 0
        start = time.perf_counter()
        for command in commands:
            done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            failures_reported += done.returncode != 0
        times.append(time.perf_counter() - start)
    return times, failures_reported


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--faultrun", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("program", nargs="+")
    args = parser.parse_args()
    program = [os.path.abspath(args.program[0]), *args.program[1:]]
    path = next(a for a in program[1:] if os.path.isfile(a))
    path = os.path.realpath(path)

    cases = cases_of(args.faultrun, program)
    shown = [os.path.basename(program[0])] + ["FILE" if os.path.realpath(a) == path else a
                                              for a in program[1:]]
    result = {"program": shown, "cases": len(cases), "repetitions": args.repetitions,
              "runs": {}}
    result["runs"]["faultrun_serial"] = {
        "seconds": timed([args.faultrun, "--", *program], args.repetitions)}
    result["skipped"] = {}
    if supports_option(args.faultrun, "--jobs"):
        result["runs"]["faultrun_jobs_2"] = {
            "seconds": timed([args.faultrun, "--jobs", "2", "--", *program], args.repetitions)}
    else:
        result["skipped"]["faultrun_jobs_2"] = \
            "this ffikit-faultrun has no --jobs option (its --help does not list it)"
    if supports_option(args.faultrun, "--fork-server"):
        result["runs"]["faultrun_fork_server"] = {
            "seconds": timed([args.faultrun, "--fork-server", "--", *program],
                             args.repetitions)}
        result["runs"]["faultrun_fork_server_jobs_2"] = {
            "seconds": timed([args.faultrun, "--fork-server", "--jobs", "2", "--", *program],
                             args.repetitions)}
    else:
        result["skipped"]["faultrun_fork_server"] = \
            "this ffikit-faultrun has no --fork-server option (its --help does not list it)"
    if not result["skipped"]:
        del result["skipped"]
    seconds, reported = strace_loop(cases, program, path, args.repetitions)
    result["runs"]["strace_loop"] = {"seconds": seconds, "cases_reported_by_program": reported}
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
