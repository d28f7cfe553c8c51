#!/usr/bin/env python3
"""Sweeps one everyday tool with ffikit-faultrun --expect-error.

usage: everyday.py --faultrun FAULTRUN --ffikit-cat FFIKIT_CAT TOOL

Each tool reads a small text file the Unix way; the sweep fails the calls
named below with every errno their man pages list, once and persistently
(EINTR once only), and every run must be reported cleanly (a non-zero exit
and a stderr line with the errno's text naming the path or the call) or
recovered by design, which the options below say and justify. Exits 0 when
every run is "ok" or "recovered", 1 otherwise, printing each group of
failures with its reproduce command.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

# Found in the distribution's directories only, never a wrapper script.
TOOL_PATH = "/usr/bin:/bin"

# gnulib's close_stdout ignores EBADF from fclose(stdout) and
# fclose(stderr): the stream was closed on purpose before exit.
CLOSE_STDOUT = ["--may-recover", "fclose:EBADF"]

OPEN_FAMILY = ("open", "open64", "openat", "openat64", "__open_2",
               "__open64_2", "__openat_2", "__openat64_2", "creat",
               "creat64")

# TOOL: (command, options). {file} is the input, {out} a fresh output path.
TOOLS = {
    "cat": (["cat", "{file}"], CLOSE_STDOUT),
    "head": (["head", "-n", "5", "{file}"], CLOSE_STDOUT),
    "wc": (["wc", "-l", "{file}"], CLOSE_STDOUT),
    # cp's first open asks whether the destination is a directory; any
    # failure there means "it is not", and a later O_EXCL create reports
    # the real state. The sweep fails its opens of the source and the
    # destination (calls 2 and 3).
    "cp": (["cp", "{file}", "{out}"],
           ["--functions", "open,fstat,close,fclose", "--calls", "open:2-3"]
           + CLOSE_STDOUT),
    # sort dies on a failed fstat or fdopen of its input and leaves the
    # stream open at that exit (reported as a leak, harmless at exit): the
    # sweep covers the calls it recovers from or reports.
    "sort": (["sort", "-n", "{file}"],
             ["--functions", "open,close,fclose"] + CLOSE_STDOUT),
    # grep's first open reads /proc/self/maps and its first fstat asks
    # whether stdout is /dev/null: both optional (without them it assumes
    # the common case); its anonymous mmaps are PCRE2's JIT memory, and
    # without it PCRE2 interprets the pattern.
    "grep": (["grep", "-c", "9", "{file}"],
             CLOSE_STDOUT + ["--may-recover", "open:1:any",
                             "--may-recover", "fstat:1:any",
                             "--may-recover", "mmap:any",
                             "--may-recover", "munmap:any"]),
    # Python opens its own modules first; the sweep fails the open and the
    # close of the file the script reads (found in a trace, below).
    "python3": (["python3", "-I", "-c",
                 "import sys; print(len(open(sys.argv[1]).read()))",
                 "{file}"], None),
    # The kit's own cat falls back to read(2) when mmap says ENODEV.
    "ffikit-cat": (["{ffikit_cat}", "{file}"],
                   ["--may-recover", "mmap:ENODEV"]),
}

GOOD = {"ok", "recovered"}


def report_of(stdout):
    report = json.loads(stdout)
    if report.get("format") != "ffikit-faultrun" or report.get("version") != 1:
        raise ValueError("not an ffikit-faultrun report")
    return report


def file_calls(faultrun, command, path, env):
    """--calls for the open and the close of PATH, from a trace."""
    result = subprocess.run([faultrun, "--trace", "--format", "json", "--"]
                            + command, capture_output=True, text=True,
                            env=env, check=False, timeout=60)
    trace = report_of(result.stdout)["runs"][0]["processes"][0]["trace"]
    opens = closes = 0
    fd = None
    calls = []
    for event in trace:
        name = event.split("(", 1)[0]
        if name in OPEN_FAMILY:
            opens += 1
            if f'"{path}"' in event and fd is None:
                fd = event.rsplit("= ", 1)[1]
                calls.append(f"open:{opens}")
        elif name == "close":
            closes += 1
            if fd is not None and event.startswith(f"close({fd})"):
                calls.append(f"close:{closes}")
                break
    if len(calls) != 2:
        raise ValueError(f"no open and close of {path} in the trace: {trace}")
    out = ["--functions", "open,close"]
    for c in calls:
        out += ["--calls", c]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--faultrun", required=True)
    parser.add_argument("--ffikit-cat", required=True)
    parser.add_argument("tool", choices=sorted(TOOLS))
    args = parser.parse_args()

    root = tempfile.mkdtemp(prefix="ffikit-everyday-")
    try:
        path = os.path.join(root, "file.txt")
        with open(path, "w", encoding="ascii") as f:
            f.write("".join(f"{n}\n" for n in range(1, 101)))
        env = dict(os.environ, PATH=TOOL_PATH)
        template, options = TOOLS[args.tool]
        command = [w.replace("{file}", path)
                   .replace("{out}", os.path.join(root, "out.txt"))
                   .replace("{ffikit_cat}", args.ffikit_cat)
                   for w in template]
        if not command[0].startswith("/"):
            found = shutil.which(command[0], path=TOOL_PATH)
            if found is None:
                print(f"FAIL {args.tool}: not installed in {TOOL_PATH}")
                return 1
            command[0] = found
        if options is None:
            options = file_calls(args.faultrun, command, path, env)
        sweep = [args.faultrun, "--format", "json", "--expect-error",
                 "--jobs", "2"] + options + ["--"] + command
        result = subprocess.run(sweep, capture_output=True, text=True,
                                env=env, check=False, timeout=110)
        report = report_of(result.stdout)
        runs = report["runs"]
        bad = [r for r in runs if r["verdict"] not in GOOD]
        verdicts = report["summary"]["verdicts"]
        line = ", ".join(f"{n} {v}" for v, n in sorted(verdicts.items()))
        print(f"{args.tool}: {report['summary']['cases']} cases: {line}")
        print("  " + " ".join(sweep[1:]))
        if bad or len(runs) < 2 or result.returncode != 0:
            print(f"FAIL {args.tool}: {len(bad)} run(s) neither ok nor "
                  f"recovered (exit {result.returncode})")
            for group in report.get("groups", []):
                print(f"  [{group['severity']}] {group['title']}\n"
                      f"    e.g. {group['example']}\n"
                      f"    reproduce: {group['reproduce']}")
            return 1
        print(f"PASS {args.tool}")
        return 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
