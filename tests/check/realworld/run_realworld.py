#!/usr/bin/env python3
"""Judges the real-world corpus: small programs nobody on the checker wrote,
and real tools, each with the verdict ffikit-faultrun must give it.

A program states its expectation in its header comment (the leading block of
`//` lines), one directive per line:

  // expect: ok                         no error finding, run verdict ok
  // expect: leaked descriptor, double close
                                        exactly these error kinds (the set)
  // expect: crashed                    run verdict crashed (killed by a
                                        signal) and no error finding
  // expect[child]: leaked descriptor   the same, for the processes whose pid
                                        the program wrote as "child PID" into
                                        {pids} (see below); `expect:` is then
                                        the union over every process
  // args: {file} 3                     the program's arguments
  // faultrun: --quarantine             extra ffikit-faultrun options
  // prove-expect: leaked descriptor    what --prove must find when the
                                        kernel's view differs from the
                                        checker's (the reason goes beside it)

Only findings of severity "error" count; policy and lint findings are shown
but never decide. A buggy program (not `crashed`) must also get run verdict
"leaked" or "violated".

Placeholders in args (and in tools.txt commands), made fresh for every run:
  {file}       an 8 KiB text file: 1024 lines of 7 digits and a newline
  {empty}      an empty file
  {dir}        a directory holding a.txt, b.txt and c.txt (one line each)
  {out}        a path in the run's directory that does not exist yet
  {pids}       a path the program appends "ROLE PID" lines to
  {inherited}  the number of a descriptor open on {file} (read only) that
               the program inherits

Modes (subcommands):
  program SOURCE BINARY   trace one program: ffikit-faultrun --trace
                          --format json [faultrun options] -- BINARY ARGS
  tool NAME               trace a real tool from tools.txt
  sweep NAME              the tool's small fault sweep: ffikit-faultrun
                          --format json SWEEP-OPTIONS -- COMMAND; passes
                          when every run (the clean one and each faulted
                          one) has verdict ok and no error finding, and at
                          least one faulted run exists
  manifest FILE           every program in FILE (written by CMake;
                          --variant O2 or O0 to pick), with a summary line
                          and the time taken
  tools                   every tool (trace and sweep, or its proof;
                          with --prove --probe also each sweep's probe)
  sweep NAME with --prove probes the sweep's scope: under strace -e inject,
                          every position of its call after the dynamic
                          loader's fails with each errno the call's man
                          page lists, transient and persistent; the tool
                          must never be killed by a signal or hang, so a
                          crashed or hung row in the sweep is the checker's
With --prove, each mode proves instead that the program (or tool) is what its
header says, with tools the checker's authors did not write: the native exit
status, `strace -f` (double close, use after close, double munmap) and the
kernel's /proc/self/fd and /proc/self/maps listings copied at each process's
start, fork, exit and _exit by the LD_PRELOAD library snapshot_hook.c
(leaked descriptors and mappings, descriptors that survive into an exec).
See README.md for each witness.

Exit status: 0 when every case passed, 1 when one failed, 2 on bad input.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

KINDS = frozenset({
    "leaked descriptor", "leaked mapping", "leaked stream", "double close",
    "use after close", "double munmap", "munmap of wrong range",
    "munmap of unknown range", "close of unknown descriptor",
    "close before munmap", "close of stream descriptor",
    "descriptor leaked into exec",
})
RUN_VERDICTS = frozenset({"ok", "recovered", "not reached", "retries forever",
                          "hidden", "unnamed", "leaked", "violated", "crashed",
                          "hung", "no report", "cannot watch"})
# What a faulted run of a correct program may come to: the program handled
# the fault, or the planned call never came in that run.
SWEEP_PASSES = frozenset({"ok", "recovered", "not reached"})
CRASHED = "crashed"
# Real tools are looked up here only: the distribution's programs, never a
# shim or wrapper script earlier in PATH.
TOOL_PATH = "/usr/bin:/bin"
HERE = os.path.dirname(os.path.abspath(__file__))


class InputError(Exception):
    """A header, table or report that cannot be read."""


# --------------------------------------------------------------------------
# Expectations


class Expectation:
    """What one program or tool must get."""

    def __init__(self):
        self.kinds = None        # frozenset of error kinds, or None if unset
        self.crashed = False
        self.roles = {}          # role -> (frozenset kinds, crashed)
        self.args = []
        self.faultrun = []
        self.prove_kinds = None  # override for --prove, or None

    def describe(self):
        text = describe_kinds(self.kinds, self.crashed)
        for role, (kinds, crashed) in sorted(self.roles.items()):
            text += f"; {role}: {describe_kinds(kinds, crashed)}"
        return text


def describe_kinds(kinds, crashed):
    words = ([CRASHED] if crashed else []) + sorted(kinds or ())
    return ", ".join(words) if words else "ok"


def parse_kinds(text, where):
    """'ok' | 'crashed' | 'KIND, KIND' -> (frozenset of kinds, crashed)."""
    words = [w.strip() for w in text.split(",") if w.strip()]
    if words == ["ok"]:
        return frozenset(), False
    if not words:
        raise InputError(f"{where}: empty expectation")
    crashed = CRASHED in words
    kinds = frozenset(w for w in words if w != CRASHED)
    unknown = sorted(kinds - KINDS)
    if unknown or "ok" in kinds:
        raise InputError(f"{where}: unknown finding kind(s) "
                         f"{', '.join(unknown or ['ok'])}; known: "
                         f"{', '.join(sorted(KINDS))}, or ok, crashed")
    return kinds, crashed


DIRECTIVE = re.compile(r"^//\s*(expect|args|faultrun|prove-expect)"
                       r"(?:\[(\w+)\])?:\s*(.*?)\s*$")


def strip_note(value):
    """'leaked descriptor  (why)' -> 'leaked descriptor'."""
    return re.sub(r"\s*\(.*$", "", value).strip()


def parse_header(text, where):
    """Reads the directives of the leading // comment block of a source."""
    expectation = Expectation()
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line.startswith("//"):
            break
        match = DIRECTIVE.match(line)
        if not match:
            continue
        name, role, value = match.groups()
        here = f"{where}:{number}"
        if role and name != "expect":
            raise InputError(f"{here}: only expect takes a [role]")
        if name == "expect":
            kinds, crashed = parse_kinds(strip_note(value), here)
            if role and crashed:
                raise InputError(f"{here}: crashed is the run's verdict, "
                                 "not a role's")
            if role:
                expectation.roles[role] = (kinds, crashed)
            elif expectation.kinds is not None:
                raise InputError(f"{here}: a second 'expect:' line")
            else:
                expectation.kinds, expectation.crashed = kinds, crashed
        elif name == "args":
            expectation.args = shlex.split(value)
        elif name == "faultrun":
            expectation.faultrun = shlex.split(value)
        else:
            expectation.prove_kinds = parse_kinds(strip_note(value), here)
    if expectation.kinds is None:
        raise InputError(f"{where}: no '// expect:' line in the header")
    for role, (kinds, _) in expectation.roles.items():
        if not kinds <= expectation.kinds:
            raise InputError(f"{where}: expect[{role}] names kinds missing "
                             "from 'expect:', which is the union")
    return expectation


class Tool:
    """One row of tools.txt."""

    def __init__(self, name, command, expectation, sweep):
        self.name = name
        self.command = command
        self.expectation = expectation
        self.sweep = sweep


def parse_tools(text, where):
    """NAME | COMMAND | EXPECT | SWEEP OPTIONS, one per line; # comments."""
    tools = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        here = f"{where}:{number}"
        if len(parts) != 4 or not all(parts[:3]):
            raise InputError(f"{here}: want NAME | COMMAND | EXPECT | SWEEP")
        name, command, expect, sweep = parts
        if name in tools:
            raise InputError(f"{here}: {name} listed twice")
        expectation = Expectation()
        expectation.kinds, expectation.crashed = parse_kinds(expect, here)
        tools[name] = Tool(name, shlex.split(command), expectation,
                           shlex.split(sweep))
    return tools


# --------------------------------------------------------------------------
# Fixtures


def file_content():
    return "".join(f"{(i * 7919) % 10000000:07d}\n" for i in range(1024))


class Fixtures:
    """A fresh directory with the placeholders' files; kept on failure."""

    def __init__(self, prefix):
        self.root = tempfile.mkdtemp(prefix=f"ffikit-realworld-{prefix}-")
        self.paths = {
            "{file}": os.path.join(self.root, "file.txt"),
            "{empty}": os.path.join(self.root, "empty.txt"),
            "{dir}": os.path.join(self.root, "dir"),
            "{out}": os.path.join(self.root, "out"),
            "{pids}": os.path.join(self.root, "pids.txt"),
        }
        with open(self.paths["{file}"], "w", encoding="ascii") as f:
            f.write(file_content())
        open(self.paths["{empty}"], "w", encoding="ascii").close()
        os.mkdir(self.paths["{dir}"])
        for name in ("a", "b", "c"):
            with open(os.path.join(self.paths["{dir}"], f"{name}.txt"), "w",
                      encoding="ascii") as f:
                f.write(f"{name}\n")
        self.inherited = None

    def expand(self, words):
        """Placeholders replaced; {inherited} opens the descriptor."""
        out = []
        for word in words:
            if "{inherited}" in word and self.inherited is None:
                self.inherited = os.open(self.paths["{file}"], os.O_RDONLY)
                os.set_inheritable(self.inherited, True)
            for name, path in self.paths.items():
                word = word.replace(name, path)
            if self.inherited is not None:
                word = word.replace("{inherited}", str(self.inherited))
            unknown = re.search(r"\{[a-z]+\}", word)
            if unknown:
                raise InputError(f"unknown placeholder {unknown.group(0)}")
            out.append(word)
        return out

    def pass_fds(self):
        return () if self.inherited is None else (self.inherited,)

    def roles(self):
        """{role: set of pids} from {pids}."""
        roles = {}
        try:
            with open(self.paths["{pids}"], encoding="ascii") as f:
                for line in f:
                    parts = line.split()
                    if len(parts) == 2 and parts[1].isdigit():
                        roles.setdefault(parts[0], set()).add(int(parts[1]))
        except FileNotFoundError:
            pass
        return roles

    def close(self, keep):
        if self.inherited is not None:
            os.close(self.inherited)
            self.inherited = None
        if not keep:
            shutil.rmtree(self.root, ignore_errors=True)


def environment(extra=None):
    env = dict(os.environ)
    env["LC_ALL"] = "C"
    env.pop("LD_PRELOAD", None)
    env.update(extra or {})
    return env


# --------------------------------------------------------------------------
# ffikit-faultrun's JSON report


def find_report(stdout):
    """The report object in ffikit-faultrun's standard output.

    The watched program shares that stream (cat prints the file), so the
    report is the first line-leading '{' that decodes to an object whose
    "format" is "ffikit-faultrun"."""
    decoder = json.JSONDecoder()
    starts = [0] + [m.end() for m in re.finditer(r"\n", stdout)]
    for start in starts:
        if not stdout.startswith("{", start):
            continue
        try:
            value, _ = decoder.raw_decode(stdout, start)
        except ValueError:
            continue
        if isinstance(value, dict) and value.get("format") == "ffikit-faultrun":
            check_report(value)
            return value
    raise InputError("no ffikit-faultrun JSON report on standard output")


def check_report(report):
    # ffikit-faultrun's text output shouts failing verdicts (LEAKED); the
    # names are compared without case.
    for holder in [report] + list(report.get("runs") or []):
        if isinstance(holder, dict) and isinstance(holder.get("verdict"), str):
            holder["verdict"] = holder["verdict"].lower()
    if report.get("version") != 1:
        raise InputError(f"report version {report.get('version')!r}, want 1")
    runs = report.get("runs")
    if not isinstance(runs, list) or not runs:
        raise InputError("report has no runs")
    for run in runs:
        if run.get("verdict") not in RUN_VERDICTS:
            raise InputError(f"unknown run verdict {run.get('verdict')!r}")
        for process in run.get("processes", []):
            for finding in process.get("findings", []):
                if finding.get("severity") == "error" and \
                        finding.get("kind") not in KINDS:
                    raise InputError(f"unknown finding kind "
                                     f"{finding.get('kind')!r}")


def error_kinds(processes):
    return frozenset(f["kind"] for p in processes
                     for f in p.get("findings", [])
                     if f.get("severity") == "error")


def clean_run(report):
    runs = [r for r in report["runs"] if r.get("fault") is None]
    if len(runs) != 1:
        raise InputError(f"want one run without a fault, found {len(runs)}")
    return runs[0]


def describe_run(run):
    ended = run.get("ended", {})
    how = ended.get("how", "?")
    if how == "exit":
        how = f"exit {ended.get('status')}"
    elif how == "signal":
        how = f"signal {ended.get('signal')}"
    lines = [f"verdict {run.get('verdict')}, {how}"]
    for process in run.get("processes", []):
        findings = process.get("findings", [])
        lines.append(f"  pid {process.get('pid')} {process.get('executable')}"
                     f": {len(findings)} finding(s)")
        for finding in findings:
            lines.append(f"    [{finding.get('severity')}] "
                         f"{finding.get('kind')}: {finding.get('message')}")
    return "\n".join(lines)


def judge_kinds(label, kinds, crashed, got, verdict, ended):
    problems = []
    if got != kinds:
        problems.append(f"{label}error kinds {describe_kinds(got, False)}, "
                        f"want {describe_kinds(kinds, False)}")
    if crashed and (verdict != CRASHED or ended.get("how") != "signal"):
        problems.append(f"{label}verdict {verdict} "
                        f"({ended.get('how')}), want crashed by a signal")
    return problems


def judge_trace(expectation, report, roles):
    """Problems (empty when it passes) of a --trace report."""
    run = clean_run(report)
    verdict = run["verdict"]
    ended = run.get("ended", {})
    processes = run.get("processes", [])
    problems = judge_kinds("", expectation.kinds, expectation.crashed,
                           error_kinds(processes), verdict, ended)
    if not expectation.crashed:
        if not expectation.kinds and verdict != "ok":
            problems.append(f"verdict {verdict}, want ok")
        if expectation.kinds and verdict not in ("leaked", "violated"):
            problems.append(f"verdict {verdict}, want leaked or violated")
    for role, (kinds, crashed) in sorted(expectation.roles.items()):
        pids = roles.get(role)
        if not pids:
            problems.append(f"the program wrote no '{role} PID' line to "
                            "{pids}")
            continue
        mine = [p for p in processes if p.get("pid") in pids]
        if not mine:
            problems.append(f"no process in the report for {role} "
                            f"(pid {', '.join(map(str, sorted(pids)))})")
            continue
        problems += judge_kinds(f"{role}: ", kinds, False,
                                error_kinds(mine), verdict, ended)
    return problems


def judge_sweep(report):
    """Problems of a sweep report: no run leaks, breaks ownership, crashes or
    hangs, and at least one faulted run reached its planned call."""
    problems = []
    faulted = [r for r in report["runs"] if r.get("fault") is not None]
    if not any(r["verdict"] != "not reached" for r in faulted):
        problems.append("no faulted run reached its call: the sweep tested "
                        "nothing")
    for run in report["runs"]:
        label = "clean run" if run.get("fault") is None else \
            f"fault {json.dumps(run.get('fault'), sort_keys=True)}"
        kinds = error_kinds(run.get("processes", []))
        if run["verdict"] not in SWEEP_PASSES:
            problems.append(f"{label}: verdict {run['verdict']}")
        if kinds:
            problems.append(f"{label}: error kinds "
                            f"{describe_kinds(kinds, False)}")
    return problems


# --------------------------------------------------------------------------
# --prove: strace


class Call:
    """One completed system call from strace -f -y."""

    def __init__(self, pid, name, args, result, error, started=0, ended=0):
        self.pid = pid
        self.name = name
        self.args = args
        self.result = result  # the text before any errno, e.g. '3</x>'
        self.error = error    # 'EBADF' or None
        self.started = started  # log line where the call began
        self.ended = ended      # log line where it returned

    def number(self):
        match = re.match(r"(0x[0-9a-f]+|-?\d+)", self.result)
        return int(match.group(1), 0) if match else None


STRACE_LINE = re.compile(r"^(\d+)\s+(.*)$")
CALL = re.compile(r"^(\w+)\((.*)\)\s+=\s+(\S+)(?:\s+(E[A-Z0-9]+))?")
RESUMED = re.compile(r"^<\.\.\. (\w+) resumed>(.*)$")


def parse_strace(text):
    """Completed calls in the order they returned, with interrupted ones
    joined; each knows the lines where it began and returned."""
    pending = {}
    calls = []
    for line, raw in enumerate(text.splitlines()):
        match = STRACE_LINE.match(raw)
        if not match:
            continue
        pid, body = int(match.group(1)), match.group(2)
        if body.endswith("<unfinished ...>"):
            pending[pid] = (body[:-len("<unfinished ...>")].rstrip(), line)
            continue
        started = line
        resumed = RESUMED.match(body)
        if resumed:
            head, started = pending.pop(pid, (resumed.group(1) + "(", line))
            body = head + resumed.group(2)
        call = CALL.match(body)
        if call:
            calls.append(Call(pid, call.group(1), call.group(2),
                              call.group(3), call.group(4), started, line))
        elif body.startswith("+++") or body.startswith("---"):
            calls.append(Call(pid, body.split()[1], "", body, None, line,
                              line))
    return calls


def split_args(args):
    """Top-level comma split, ignoring commas inside [] {} () "" <>."""
    parts, depth, quoted, current = [], 0, False, []
    for char in args:
        if quoted:
            current.append(char)
            if char == '"':
                quoted = False
            continue
        if char == '"':
            quoted = True
        elif char in "[{(<":
            depth += 1
        elif char in "]})>":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    if current:
        parts.append("".join(current).strip())
    return parts


def leading_number(text):
    match = re.match(r"(0x[0-9a-f]+|-?\d+)", text or "")
    return int(match.group(1), 0) if match else None


PAGE = 4096


def pages(start, length):
    return start // PAGE, (start + length + PAGE - 1) // PAGE


def overlaps(intervals, low, high):
    return any(a < high and low < b for a, b in intervals)


def remove(intervals, low, high):
    out = []
    for a, b in intervals:
        if b <= low or high <= a:
            out.append((a, b))
            continue
        if a < low:
            out.append((a, low))
        if high < b:
            out.append((high, b))
    return out


def strace_witnesses(calls, run_dir):
    """{(pid, witness)} for double close, use after close, double munmap.

    A second close (or another call) that fails with EBADF counts only when
    the number's last successful close released something the program
    makes: a file below run_dir (the run's fixtures), a pipe, a socket or
    an anonymous inode (memfd, eventfd, ...). The dynamic loader opens and
    closes the libraries before main, and a close-all loop then closes
    those numbers again: not the program's double close.

    Tasks that share a descriptor table (CLONE_FILES: threads) or an address
    space (CLONE_VM: threads, vfork) are judged as one; an execve starts
    both afresh."""
    def owned(argument):
        target = re.match(r"\d+<(.*)>$", argument or "")
        return bool(target) and (
            target.group(1).startswith(run_dir + "/") or
            re.match(r"(pipe|socket|UNIX|TCP|UDP|anon_inode|/memfd:)",
                     target.group(1)) is not None)

    # Who shares what is known once the clone returns, which strace may
    # print after the new task's first calls: collect it first.
    links = {}  # task -> (parent, shares descriptors, shares memory)
    for call in calls:
        if call.name in ("clone", "clone3", "fork", "vfork") and \
                call.error is None and call.number():
            links[call.number()] = (call.pid, "CLONE_FILES" in call.args,
                                    "CLONE_VM" in call.args or
                                    call.name == "vfork")
    execed = set()
    closed = {}    # group -> set of numbers closed with success
    found = set()

    def group_of(pid, shared):
        while pid not in execed and pid in links and links[pid][shared]:
            pid = links[pid][0]
        return pid

    for call in calls:
        pid = call.pid
        if call.name == "execve" and call.error is None:
            execed.add(pid)
            closed.pop(pid, None)
            continue
        group = group_of(pid, 1)
        shut = closed.setdefault(group, set())
        # Any descriptor a call hands back makes that number live again.
        for made in re.findall(r"(?:^|[\[ ,=])(\d+)<", " " + call.args) \
                if call.name in ("pipe", "pipe2", "socketpair") else []:
            shut.discard(int(made))
        if call.error is None and "<" in call.result:
            shut.discard(call.number())
        args = split_args(call.args)
        if call.name == "close":
            number = leading_number(args[0] if args else "")
            if call.error is None and owned(args[0]):
                shut.add(number)
            elif call.error == "EBADF" and number in shut:
                found.add((pid, "double close"))
        elif call.error == "EBADF":
            position = 4 if call.name in ("mmap", "mmap2") else 0
            number = leading_number(args[position]) \
                if len(args) > position else None
            if number in shut:
                found.add((pid, "use after close"))
    # Pages. strace prints calls of different threads in the order it
    # sees them return, which is not always the order the kernel acted in;
    # so a munmap is a double munmap only if an earlier release (munmap,
    # or the old place of a moving mremap) covered some of its pages and
    # no mapping call that could have taken those pages in between (one
    # that returned after the first release began and began before the
    # second returned) and no exec came between them.
    releases, acquisitions, execs = [], [], []
    for call in calls:
        args = split_args(call.args)
        if call.error is not None:
            continue
        space = group_of(call.pid, 2)
        if call.name == "execve":
            execs.append((call.pid, call.ended))
        elif call.name == "munmap" and len(args) >= 2:
            releases.append((call, space, pages(leading_number(args[0]),
                                                leading_number(args[1]))))
        elif call.name in ("mmap", "mmap2") and len(args) >= 2:
            acquisitions.append((call, space, pages(
                call.number(), leading_number(args[1]))))
        elif call.name == "mremap" and len(args) >= 3:
            old, old_length = leading_number(args[0]), leading_number(args[1])
            new, new_length = call.number(), leading_number(args[2])
            acquisitions.append((call, space, pages(new, new_length)))
            if new != old:
                releases.append((call, space, pages(old, old_length)))
            elif new_length < old_length:
                releases.append((call, space, pages(
                    old + new_length, old_length - new_length)))
    for second, space, (low, high) in releases:
        if second.name != "munmap":
            continue
        for first, first_space, (a, b) in releases:
            if first is second or first_space != space or \
                    first.ended >= second.started or not (a < high and low < b):
                continue
            both = (max(a, low), min(b, high))
            taken = any(
                other_space == space and x < both[1] and both[0] < y and
                taken_by.ended > first.started and
                taken_by.started < second.ended
                for taken_by, other_space, (x, y) in acquisitions)
            execed_between = any(
                group_of(pid, 2) == space and
                first.ended < when < second.ended for pid, when in execs)
            if not taken and not execed_between:
                found.add((second.pid, "double munmap"))
    return found


# --------------------------------------------------------------------------
# --prove: the kernel's listings (snapshot_hook.c)


class Snapshot:
    def __init__(self, when, pid, event, fds, maps):
        self.when = when
        self.pid = pid
        self.event = event
        self.fds = fds    # {number: target}
        self.maps = maps  # [(low page, high page, path)]


def parse_snapshot(name, text):
    when, pid, event = name.split("-", 2)
    fds, maps, in_maps = {}, [], False
    for line in text.splitlines():
        if line == "maps":
            in_maps = True
        elif in_maps:
            fields = line.split(None, 5)
            low, high = (int(x, 16) // PAGE for x in fields[0].split("-"))
            maps.append((low, high, fields[5] if len(fields) > 5 else ""))
        elif line.startswith("fd "):
            _, number, *target = line.split(" ", 2)
            fds[int(number)] = target[0] if target else ""
    return Snapshot(int(when), int(pid), event, fds, maps)


def read_snapshots(directory):
    out = []
    for name in os.listdir(directory):
        with open(os.path.join(directory, name), encoding="utf-8",
                  errors="replace") as f:
            out.append(parse_snapshot(name, f.read()))
    return sorted(out, key=lambda s: s.when)


KERNEL_REGIONS = ("[heap]", "[stack]", "[vvar]", "[vdso]", "[vsyscall]")


def owned_pages(snapshot, only_under):
    """The mapped pages a leak could be made of: anonymous ones and
    files; with only_under, files below that directory and memfds only."""
    out = []
    for low, high, path in snapshot.maps:
        if path in KERNEL_REGIONS:
            continue
        if only_under is not None and not (
                path.startswith(only_under + "/") or
                path.startswith("/memfd:")):
            continue
        out.append((low, high))
    return out


def snapshot_witnesses(snapshots, only_under=None):
    """{(pid, witness)} for leaked descriptors and mappings, descriptors
    that survive an exec.

    A life begins at 'start' or 'fork' and ends at 'exit' or '_exit' of the
    same pid; what the end holds and the beginning did not was left behind.
    The first start is the program's own; every later start is an image an
    exec made, and a descriptor it holds beyond the program's first start
    set leaked into that exec."""
    found = set()
    begun = {}
    first = None
    for snapshot in snapshots:
        if snapshot.event in ("start", "fork"):
            if snapshot.event == "start":
                if first is None:
                    first = snapshot
                elif set(snapshot.fds) - set(first.fds):
                    found.add((snapshot.pid, "descriptor leaked into exec"))
            begun[snapshot.pid] = snapshot
            continue
        begin = begun.get(snapshot.pid)
        if begin is None:
            continue  # a vfork child: its beginning was never listed
        if any(begin.fds.get(n) != t for n, t in snapshot.fds.items()):
            found.add((snapshot.pid, "leaked descriptor"))
        before = owned_pages(begin, only_under)
        for low, high in owned_pages(snapshot, only_under):
            left = [(low, high)]
            for a, b in before:
                left = remove(left, a, b)
            if left:
                found.add((snapshot.pid, "leaked mapping"))
                break
    return found


# What the kernel shows for each finding kind.
WITNESS_OF_KIND = {
    "leaked descriptor": "leaked descriptor",
    "leaked stream": "leaked descriptor",
    "leaked mapping": "leaked mapping",
    "double close": "double close",
    # fclose closes the number the program already closed.
    "close of stream descriptor": "double close",
    "use after close": "use after close",
    "double munmap": "double munmap",
    "descriptor leaked into exec": "descriptor leaked into exec",
}


def witnesses_for(kinds):
    missing = sorted(k for k in kinds if k not in WITNESS_OF_KIND)
    if missing:
        raise InputError(f"--prove has no witness for {', '.join(missing)}")
    return frozenset(WITNESS_OF_KIND[k] for k in kinds)


def judge_prove(expectation, status, found, roles):
    """Problems of a --prove run: the witnesses found must be exactly those
    the expectation implies, with the native exit status to match."""
    kinds, crashed = (expectation.prove_kinds if expectation.prove_kinds
                      else (expectation.kinds, expectation.crashed))
    problems = []
    want = witnesses_for(kinds)
    got = frozenset(w for _, w in found)
    if got != want:
        problems.append(f"kernel witnesses {describe_kinds(got, False)}, "
                        f"want {describe_kinds(want, False)}")
    if crashed and status >= 0:
        problems.append(f"native exit status {status}, want a crash")
    if not crashed and status < 0:
        problems.append(f"native run killed by signal {-status}")
    if not crashed and not kinds and status != 0:
        problems.append(f"native exit status {status}, want 0")
    if expectation.prove_kinds is None:
        for role, (role_kinds, _) in sorted(expectation.roles.items()):
            pids = roles.get(role, set())
            mine = frozenset(w for p, w in found if p in pids)
            if mine != witnesses_for(role_kinds):
                problems.append(f"{role}: kernel witnesses "
                                f"{describe_kinds(mine, False)}, want "
                                f"{describe_kinds(witnesses_for(role_kinds), False)}")
    return problems


# --------------------------------------------------------------------------
# Running


def resolve_tool(word):
    path = shutil.which(word, path=TOOL_PATH)
    if path is None:
        raise InputError(f"{word}: not found in {TOOL_PATH} (install it: "
                         "scripts/packages.txt)")
    path = os.path.realpath(path)
    with open(path, "rb") as f:
        if f.read(4) != b"\x7fELF":
            raise InputError(f"{path}: not an ELF program")
    return path


class Case:
    """A program or tool and what it must get."""

    def __init__(self, label, command, expectation, sweep=None):
        self.label = label
        self.command = command
        self.expectation = expectation
        self.sweep = sweep


def program_case(source, binary, label=None):
    with open(source, encoding="utf-8") as f:
        expectation = parse_header(f.read(), source)
    return Case(label or os.path.basename(source), [binary] + expectation.args,
                expectation)


def tool_case(tools, name, sweep=False):
    if name not in tools:
        raise InputError(f"no tool {name} in tools.txt")
    tool = tools[name]
    if sweep and not tool.sweep:
        raise InputError(f"tool {name} has no sweep options in tools.txt")
    command = [resolve_tool(tool.command[0])] + tool.command[1:]
    return Case(f"{'sweep' if sweep else 'tool'} {name}", command,
                tool.expectation, tool.sweep if sweep else None)


def reproduce(command, env_names, env, fixtures):
    """A shell command line; an inherited descriptor is a redirection."""
    prefix = " ".join(f"{n}={shlex.quote(env[n])}" for n in env_names)
    line = f"{prefix} {shlex.join(command)}".strip()
    if fixtures.inherited is not None:
        line += f" {fixtures.inherited}<{shlex.quote(fixtures.paths['{file}'])}"
    return line


def run_trace(case, faultrun, preload):
    """(passed, text) of one traced case."""
    fixtures = Fixtures(re.sub(r"\W", "_", case.label))
    passed = False
    out = []
    try:
        words = fixtures.expand(case.command)
        if case.sweep is not None:
            command = [faultrun, "--format", "json"] + case.sweep
        else:
            command = [faultrun, "--trace", "--format", "json"] + \
                case.expectation.faultrun
        command += ["--"] + words
        env = environment({"FFIKIT_PRELOAD": preload,
                           "HOME": fixtures.root})
        result = subprocess.run(command, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                errors="replace", env=env, timeout=300,
                                pass_fds=fixtures.pass_fds(), check=False)
        try:
            report = find_report(result.stdout)
            problems = judge_sweep(report) if case.sweep is not None else \
                judge_trace(case.expectation, report, fixtures.roles())
            got = "\n".join(describe_run(r) for r in report["runs"]
                            if case.sweep is None or r.get("fault") is None
                            or r.get("verdict") != "ok"
                            or error_kinds(r.get("processes", [])))
        except InputError as error:
            problems = [str(error)]
            got = (f"exit status {result.returncode}\nstdout (tail):\n"
                   f"{result.stdout[-1500:]}\nstderr (tail):\n"
                   f"{result.stderr[-1500:]}")
        passed = not problems
        want = "every run ok, no error finding" if case.sweep is not None \
            else case.expectation.describe()
        if passed:
            out.append(f"PASS {case.label}: {want}")
        else:
            out.append(f"FAIL {case.label}\n  expected: {want}")
            out += [f"  problem: {problem}" for problem in problems]
            out.append("  got:\n    " + got.replace("\n", "\n    "))
            line = reproduce(command, ["FFIKIT_PRELOAD", "HOME"], env,
                             fixtures)
            out.append(f"  reproduce (files kept in {fixtures.root}):\n"
                       f"    {line}")
        return passed, "\n".join(out)
    finally:
        fixtures.close(keep=not passed)


def native_run(case, extra_env, prefix=()):
    fixtures = Fixtures(re.sub(r"\W", "_", case.label))
    words = fixtures.expand(case.command)
    env = environment(dict(extra_env, HOME=fixtures.root))
    result = subprocess.run(list(prefix) + words, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, timeout=120,
                            pass_fds=fixtures.pass_fds(), check=False)
    return fixtures, words, result


# Threads' stacks and malloc arenas outlive the threads in glibc's caches;
# with these the listing at exit shows only what the program itself holds.
PROVE_TUNABLES = "glibc.pthread.stack_cache_size=0:glibc.malloc.arena_max=1"


def run_prove(case, hook, is_tool):
    """(passed, text) of one proof."""
    keep = []
    problems = []
    snapshots_dir = tempfile.mkdtemp(prefix="ffikit-realworld-snapshots-")
    try:
        fixtures, words, result = native_run(case, {
            "LD_PRELOAD": hook, "FFIKIT_REALWORLD_SNAPSHOTS": snapshots_dir,
            "GLIBC_TUNABLES": PROVE_TUNABLES})
        keep.append(fixtures)
        status = result.returncode
        snapshots = read_snapshots(snapshots_dir)
        found = snapshot_witnesses(snapshots, fixtures.root if is_tool
                                   else None)
        roles = fixtures.roles()
        log = os.path.join(snapshots_dir, "..",
                           os.path.basename(snapshots_dir) + ".strace")
        strace_fixtures, strace_words, strace_result = native_run(
            case, {}, ["strace", "-f", "-qq", "-y", "-o", log, "-e",
                       "trace=%desc,%memory,%process,%network",
                       "-e", "signal=none", "--"])
        keep.append(strace_fixtures)
        try:
            with open(log, encoding="utf-8", errors="replace") as f:
                traced = strace_witnesses(parse_strace(f.read()),
                                          strace_fixtures.root)
        finally:
            os.unlink(log)
        strace_roles = strace_fixtures.roles()
        # The strace run has pids of its own: carry its roles over.
        for role, pids in strace_roles.items():
            roles.setdefault(role, set()).update(pids)
        found |= traced
        if not snapshots:
            problems.append("no listing was written: is the hook loaded?")
        if (strace_result.returncode < 0) != (status < 0):
            problems.append(f"exit status {status} natively but "
                            f"{strace_result.returncode} under strace")
        problems += judge_prove(case.expectation, status, found, roles)
        kinds, crashed = (case.expectation.prove_kinds or
                          (case.expectation.kinds, case.expectation.crashed))
        if not problems:
            want = describe_kinds(kinds, crashed) \
                if case.expectation.prove_kinds else \
                case.expectation.describe()
            return True, (f"PROVEN {case.label}: {want}; witnesses "
                          f"{describe_kinds({w for _, w in found}, False)}, "
                          f"exit {status}")
        out = [f"FAIL prove {case.label}\n  expected: "
               f"{describe_kinds(kinds, crashed)}"]
        out += [f"  problem: {problem}" for problem in problems]
        out += [f"  witness: pid {pid}: {witness}"
                for pid, witness in sorted(found)]
        out.append("  stderr: "
                   f"{result.stderr.decode(errors='replace')[-800:]}")
        out.append("  reproduce: "
                   f"LD_PRELOAD={hook} FFIKIT_REALWORLD_SNAPSHOTS=DIR "
                   f"GLIBC_TUNABLES={PROVE_TUNABLES} {shlex.join(words)}"
                   f"\n  and: strace -f -y -e trace=%desc,%memory "
                   f"{shlex.join(strace_words)}")
        return False, "\n".join(out)
    finally:
        for fixtures in keep:
            fixtures.close(keep=False)
        shutil.rmtree(snapshots_dir, ignore_errors=True)


# --prove sweep: the errnos each call's man page lists (the ones the
# checker injects), and the system calls that carry each call.
PROBE_ERRNOS = {
    "close": ("EBADF", "EINTR", "EIO", "ENOSPC", "EDQUOT"),
    "fstat": ("EBADF", "EFAULT", "ENOMEM", "EOVERFLOW"),
    "mmap": ("EACCES", "EAGAIN", "EBADF", "EEXIST", "EINVAL", "ENFILE",
             "ENODEV", "ENOMEM", "EOVERFLOW", "EPERM", "ETXTBSY"),
    "mremap": ("EAGAIN", "EFAULT", "EINVAL", "ENOMEM"),
    "munmap": ("EINVAL",),
}
PROBE_SYSCALLS = {"fstat": "fstat,newfstatat"}


def loader_boundary(calls):
    """Index of the dynamic loader's munmap of /etc/ld.so.cache: calls
    before it are the loader's, which no interposer sees."""
    cache = None
    for index, call in enumerate(calls):
        if call.name == "mmap" and "/etc/ld.so.cache" in call.args:
            cache = call.number()
        elif call.name == "munmap" and cache is not None and \
                leading_number(call.args) == cache:
            return index
    return -1


def run_probe(case):
    """(passed, text): fail each position of the sweep's call after the
    loader with each errno, transient and persistent, under strace; the
    tool must never be killed by a signal nor hang."""
    function = case.sweep[case.sweep.index("--functions") + 1]
    if function not in PROBE_ERRNOS:
        return False, f"FAIL probe {case.label}: no errnos for {function}"
    syscalls = PROBE_SYSCALLS.get(function, function)
    fixtures = Fixtures("probe")
    try:
        words = fixtures.expand(case.command)
        log = os.path.join(fixtures.root, "strace.log")
        subprocess.run(["strace", "-f", "-qq", "-y", "-o", log, "-e",
                        f"trace=mmap,munmap,{syscalls}", "--"] + words,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=environment(
                           {"HOME": fixtures.root}), check=False, timeout=60)
        with open(log, encoding="utf-8", errors="replace") as f:
            calls = [c for c in parse_strace(f.read())]
        boundary = loader_boundary(calls)
        names = syscalls.split(",")
        main = calls[0].pid if calls else None
        positions = [i for i, c in enumerate(calls)
                     if c.name in names and c.pid == main]
        first = sum(1 for i in positions if i < boundary) + 1
        bad = [] if first <= len(positions) else \
            [f"no {function} call after the loader's: nothing to probe"]
        runs = 0
        for n in range(first, len(positions) + 1):
            for error in PROBE_ERRNOS[function]:
                for mode in ("", "+"):
                    if os.path.exists(fixtures.paths["{out}"]):
                        os.unlink(fixtures.paths["{out}"])
                    runs += 1
                    try:
                        result = subprocess.run(
                            ["strace", "-f", "-qq", "-o", "/dev/null", "-e",
                             f"trace={syscalls}", "-e",
                             f"inject={syscalls}:error={error}:when={n}{mode}",
                             "--"] + words, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                            env=environment({"HOME": fixtures.root}),
                            check=False, timeout=20)
                        if result.returncode < 0 or result.returncode > 128:
                            bad.append(f"{function}:{n}{mode} {error}: "
                                       f"status {result.returncode}")
                    except subprocess.TimeoutExpired:
                        bad.append(f"{function}:{n}{mode} {error}: hung")
        text = (f"{'PROVEN' if not bad else 'FAIL'} probe {case.label}: "
                f"{function} positions {first}..{len(positions)} (after the "
                f"loader's {first - 1}), {runs} faulted runs, "
                f"{len(bad)} crashed or hung")
        return not bad, "\n".join([text] + [f"  {b}" for b in bad])
    finally:
        fixtures.close(keep=False)


def run_case(case, args, is_tool):
    start = time.monotonic()
    if args.prove and case.sweep is not None:
        passed, text = run_probe(case)
    elif args.prove:
        passed, text = run_prove(case, args.hook, is_tool)
    else:
        passed, text = run_trace(case, args.faultrun, args.preload)
    print(text, flush=True)
    return passed, time.monotonic() - start


def load_tools(path):
    with open(path, encoding="utf-8") as f:
        return parse_tools(f.read(), path)


def manifest_cases(args):
    """The programs CMake listed in FILE (VARIANT|SOURCE|BINARY lines)."""
    cases = []
    with open(args.file, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            variant, source, binary = line.strip().split("|")
            if args.variant and variant not in args.variant:
                continue
            name = os.path.splitext(os.path.basename(source))[0]
            cases.append((program_case(source, binary, f"{variant}.{name}"),
                          False))
    if not cases:
        raise InputError(f"{args.file}: no program of variant "
                         f"{', '.join(args.variant or ['any'])}")
    return cases


def all_tool_cases(args):
    tools = load_tools(args.table)
    cases = []
    for name, tool in tools.items():
        cases.append((tool_case(tools, name), True))
        if tool.sweep and (not args.prove or args.probe):
            cases.append((tool_case(tools, name, sweep=True), True))
    return cases


def main(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--faultrun", help="ffikit-faultrun")
    parser.add_argument("--preload", help="libffikit-check-preload.so")
    parser.add_argument("--prove", action="store_true",
                        help="prove the expectations natively instead")
    parser.add_argument("--hook", help="the snapshot hook (with --prove)")
    parser.add_argument("--table", default=os.path.join(HERE, "tools.txt"))
    parser.add_argument("--jobs", type=int, default=2)
    sub = parser.add_subparsers(dest="mode", required=True)
    one = sub.add_parser("program")
    one.add_argument("source")
    one.add_argument("binary")
    for mode in ("tool", "sweep"):
        sub.add_parser(mode).add_argument("name")
    listed = sub.add_parser("manifest")
    listed.add_argument("file")
    listed.add_argument("--variant", action="append",
                        help="only this variant (O2, O0); repeatable")
    sub.add_parser("tools").add_argument(
        "--probe", action="store_true",
        help="with --prove, also probe each sweep's scope (slow)")
    args = parser.parse_args(argv)
    args.probe = getattr(args, "probe", False)
    if args.prove and not args.hook and args.mode != "sweep":
        parser.error("--prove needs --hook")
    if not args.prove and not (args.faultrun and args.preload):
        parser.error("tracing needs --faultrun and --preload")
    try:
        if args.mode == "program":
            cases = [(program_case(args.source, args.binary), False)]
        elif args.mode in ("tool", "sweep"):
            cases = [(tool_case(load_tools(args.table), args.name,
                                args.mode == "sweep"), True)]
        elif args.mode == "tools":
            cases = all_tool_cases(args)
        else:
            cases = manifest_cases(args)
    except (InputError, OSError) as error:
        print(f"run_realworld: {error}", file=sys.stderr)
        return 2
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda c: run_case(c[0], args, c[1]), cases))
    passed = sum(1 for ok, _ in results if ok)
    if len(cases) > 1:
        slowest = max(zip(results, (c for c, _ in cases)),
                      key=lambda rc: rc[0][1])
        print(f"{'prove' if args.prove else 'trace'}: {len(cases)} cases in "
              f"{time.monotonic() - start:.1f}s wall, "
              f"{sum(t for _, t in results):.1f}s summed; slowest "
              f"{slowest[1].label} {slowest[0][1]:.2f}s")
        print(f"{passed} passed, {len(cases) - passed} failed")
    return 0 if passed == len(cases) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
