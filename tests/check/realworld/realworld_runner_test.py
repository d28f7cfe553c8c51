#!/usr/bin/env python3
"""Unit tests of run_realworld.py's parsing and judging, on canned headers,
reports, strace logs and /proc listings (no program runs here)."""
import json
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_realworld as rw  # noqa: E402  (after the path is set)


def report(verdict="ok", processes=None, runs=None, ended=None):
    run = {"fault": None, "verdict": verdict,
           "ended": ended or {"how": "exit", "status": 0},
           "processes": processes if processes is not None else []}
    return {"format": "ffikit-faultrun", "version": 1, "verdict": verdict,
            "runs": runs if runs is not None else [run]}


def process(pid, *findings):
    return {"pid": pid, "executable": "/bin/prog",
            "findings": [{"kind": kind, "severity": severity,
                          "message": f"{kind} here"}
                         for kind, severity in findings]}


def expectation(text):
    return rw.parse_header(text, "prog.c")


class HeaderTest(unittest.TestCase):
    def test_reads_kinds_args_and_options_from_the_leading_comment(self):
        e = expectation("// What it does.\n"
                        "// expect: leaked descriptor, double close\n"
                        "// args: {file} 'two words'\n"
                        "// faultrun: --quarantine\n"
                        "#include <stdio.h>\n"
                        "// expect: ok\n")
        self.assertEqual(e.kinds, {"leaked descriptor", "double close"})
        self.assertFalse(e.crashed)
        self.assertEqual(e.args, ["{file}", "two words"])
        self.assertEqual(e.faultrun, ["--quarantine"])

    def test_ok_is_the_empty_set(self):
        self.assertEqual(expectation("// expect: ok\n").kinds, frozenset())

    def test_crashed_is_a_verdict_not_a_kind(self):
        e = expectation("// expect: crashed\n")
        self.assertTrue(e.crashed)
        self.assertEqual(e.kinds, frozenset())

    def test_roles_and_prove_override_with_a_note(self):
        e = expectation("// expect: leaked descriptor\n"
                        "// expect[child]: leaked descriptor\n"
                        "// expect[parent]: ok\n"
                        "// prove-expect: leaked stream  (why it differs)\n")
        self.assertEqual(e.roles, {"child": ({"leaked descriptor"}, False),
                                   "parent": (frozenset(), False)})
        self.assertEqual(e.prove_kinds, ({"leaked stream"}, False))

    def test_unknown_kind_is_an_error_naming_the_line(self):
        with self.assertRaisesRegex(rw.InputError,
                                    r"prog.c:2: unknown finding kind.*leak"):
            expectation("// x\n// expect: leak\n")

    def test_missing_expect_line_is_an_error(self):
        with self.assertRaisesRegex(rw.InputError, "no '// expect:' line"):
            expectation("// args: {file}\n")

    def test_crashed_is_not_a_roles_verdict(self):
        with self.assertRaisesRegex(rw.InputError, "not a role's"):
            expectation("// expect: crashed\n// expect[child]: crashed\n")

    def test_role_kinds_must_be_in_the_union(self):
        with self.assertRaisesRegex(rw.InputError, "union"):
            expectation("// expect: ok\n// expect[child]: double close\n")

    def test_every_program_header_in_the_corpus_parses(self):
        here = os.path.dirname(os.path.abspath(__file__))
        count = 0
        for part in ("correct", "buggy"):
            for name in os.listdir(os.path.join(here, part)):
                with open(os.path.join(here, part, name),
                          encoding="utf-8") as f:
                    e = rw.parse_header(f.read(), name)
                # correct/ holds only ok programs; buggy/ none.
                self.assertEqual(part == "correct",
                                 not e.kinds and not e.crashed, name)
                rw.witnesses_for(e.kinds)
                count += 1
        self.assertGreaterEqual(count, 60)


class ToolsTableTest(unittest.TestCase):
    def test_rows_split_on_bars_and_commands_on_shell_words(self):
        tools = rw.parse_tools(
            "# comment\n\n"
            "cat | cat {file} | ok | --functions close --calls close:1\n"
            "tar_chdir | tar -C {dir} -cf {out} . | leaked descriptor |\n",
            "tools.txt")
        self.assertEqual(tools["cat"].command, ["cat", "{file}"])
        self.assertEqual(tools["cat"].sweep,
                         ["--functions", "close", "--calls", "close:1"])
        self.assertEqual(tools["tar_chdir"].sweep, [])
        self.assertEqual(tools["tar_chdir"].expectation.kinds,
                         {"leaked descriptor"})

    def test_a_bar_inside_a_command_is_a_bad_row(self):
        with self.assertRaisesRegex(rw.InputError, "tools.txt:1"):
            rw.parse_tools("py | python3 -c 'a | b' | ok |\n", "tools.txt")

    def test_the_shipped_table_parses(self):
        tools = rw.load_tools(os.path.join(os.path.dirname(
            os.path.abspath(__file__)), "tools.txt"))
        for name in ("cat", "sort", "cp", "git", "python3", "sqlite3",
                     "head", "wc", "grep"):
            self.assertIn(name, tools)
            self.assertTrue(tools[name].sweep, name)
            self.assertEqual(tools[name].expectation.kinds, frozenset())


class FixturesTest(unittest.TestCase):
    def test_placeholders_name_fresh_files(self):
        fixtures = rw.Fixtures("unit")
        try:
            file, empty, dir_, out, fd = fixtures.expand(
                ["{file}", "{empty}", "{dir}", "--out={out}", "{inherited}"])
            self.assertEqual(os.path.getsize(file), 8192)
            with open(file, encoding="ascii") as f:
                self.assertEqual(len(f.read().splitlines()), 1024)
            self.assertEqual(os.path.getsize(empty), 0)
            self.assertEqual(sorted(os.listdir(dir_)),
                             ["a.txt", "b.txt", "c.txt"])
            self.assertFalse(os.path.exists(out[len("--out="):]))
            self.assertEqual(os.fstat(int(fd)).st_size, 8192)
            self.assertEqual(fixtures.pass_fds(), (int(fd),))
        finally:
            fixtures.close(keep=False)
        self.assertFalse(os.path.exists(fixtures.root))

    def test_unknown_placeholder_is_an_error(self):
        fixtures = rw.Fixtures("unit")
        try:
            with self.assertRaisesRegex(rw.InputError, r"\{fiel\}"):
                fixtures.expand(["{fiel}"])
        finally:
            fixtures.close(keep=False)

    def test_roles_are_read_from_the_pids_file(self):
        fixtures = rw.Fixtures("unit")
        try:
            with open(fixtures.paths["{pids}"], "w", encoding="ascii") as f:
                f.write("parent 10\nchild 11\nchild 12\nnoise\n")
            self.assertEqual(fixtures.roles(),
                             {"parent": {10}, "child": {11, 12}})
        finally:
            fixtures.close(keep=False)


class FindReportTest(unittest.TestCase):
    def test_report_after_program_output_is_found(self):
        text = "0000001\n{not json\n" + json.dumps(report()) + "\n"
        self.assertEqual(rw.find_report(text)["verdict"], "ok")

    def test_other_json_objects_are_skipped(self):
        text = '{"format": "other"}\n' + json.dumps(report("leaked"))
        self.assertEqual(rw.find_report(text)["verdict"], "leaked")

    def test_pretty_printed_report_is_found(self):
        text = "line\n" + json.dumps(report(), indent=2)
        self.assertEqual(rw.find_report(text)["version"], 1)

    def test_no_report_is_an_error(self):
        with self.assertRaisesRegex(rw.InputError, "no ffikit-faultrun JSON"):
            rw.find_report("usage: ffikit-faultrun ...\n")

    def test_wrong_version_is_an_error(self):
        bad = report()
        bad["version"] = 2
        with self.assertRaisesRegex(rw.InputError, "version 2"):
            rw.find_report(json.dumps(bad))

    def test_unknown_error_kind_is_an_error_but_unknown_lint_is_not(self):
        with self.assertRaisesRegex(rw.InputError, "unknown finding kind"):
            rw.find_report(json.dumps(report("violated", [
                process(1, ("surprise", "error"))])))
        rw.find_report(json.dumps(report("ok", [
            process(1, ("surprise", "lint"))])))

    def test_unknown_verdict_is_an_error(self):
        with self.assertRaisesRegex(rw.InputError, "verdict 'fine'"):
            rw.find_report(json.dumps(report("fine")))


class JudgeTraceTest(unittest.TestCase):
    def judge(self, header, rep, roles=None):
        return rw.judge_trace(expectation(header), rep, roles or {})

    def test_ok_passes_with_policy_findings_only(self):
        self.assertEqual(self.judge("// expect: ok\n", report("ok", [
            process(1, ("close before munmap", "policy"),
                    ("close of unknown descriptor", "lint"))])), [])

    def test_ok_fails_on_an_error_finding(self):
        problems = self.judge("// expect: ok\n", report("leaked", [
            process(1, ("leaked descriptor", "error"))]))
        self.assertIn("error kinds leaked descriptor, want ok", problems)
        self.assertIn("verdict leaked, want ok", problems)

    def test_ok_fails_on_no_report(self):
        self.assertEqual(self.judge("// expect: ok\n", report("no report")),
                         ["verdict no report, want ok"])

    def test_buggy_needs_the_exact_set(self):
        header = "// expect: double close\n"
        self.assertEqual(self.judge(header, report("violated", [
            process(1, ("double close", "error"), ("double close", "error"))
        ])), [])
        self.assertEqual(self.judge(header, report("violated", [
            process(1, ("double close", "error"),
                    ("use after close", "error"))])),
            ["error kinds double close, use after close, "
             "want double close"])

    def test_buggy_set_is_the_union_over_processes(self):
        self.assertEqual(self.judge(
            "// expect: leaked descriptor, leaked mapping\n",
            report("leaked", [process(1, ("leaked descriptor", "error")),
                              process(2, ("leaked mapping", "error"))])), [])

    def test_buggy_with_the_right_kinds_but_a_crash_fails(self):
        problems = self.judge("// expect: leaked descriptor\n", report(
            "crashed", [process(1, ("leaked descriptor", "error"))],
            ended={"how": "signal", "signal": "SIGSEGV"}))
        self.assertEqual(problems,
                         ["verdict crashed, want leaked or violated"])

    def test_crashed_needs_a_signal(self):
        header = "// expect: crashed\n"
        self.assertEqual(self.judge(header, report(
            "crashed", ended={"how": "signal", "signal": "SIGSEGV"})), [])
        self.assertEqual(self.judge(header, report("ok")),
                         ["verdict ok (exit), want crashed by a signal"])

    def test_only_the_clean_run_is_judged_by_a_trace(self):
        rep = report(runs=[
            {"fault": {"call": "close", "n": 1}, "verdict": "leaked",
             "processes": []},
            {"fault": None, "verdict": "ok", "processes": []}])
        self.assertEqual(self.judge("// expect: ok\n", rep), [])

    def test_roles_pin_findings_to_the_child(self):
        header = ("// expect: leaked descriptor\n"
                  "// expect[parent]: ok\n"
                  "// expect[child]: leaked descriptor\n")
        roles = {"parent": {10}, "child": {11}}
        right = report("leaked", [process(10),
                                  process(11, ("leaked descriptor", "error"))])
        self.assertEqual(self.judge(header, right, roles), [])
        wrong = report("leaked", [process(10, ("leaked descriptor", "error")),
                                  process(11)])
        self.assertEqual(self.judge(header, wrong, roles), [
            "child: error kinds ok, want leaked descriptor",
            "parent: error kinds leaked descriptor, want ok"])

    def test_a_role_without_a_process_fails(self):
        header = "// expect: ok\n// expect[child]: ok\n"
        self.assertEqual(
            self.judge(header, report("ok", [process(10)]), {"child": {11}}),
            ["no process in the report for child (pid 11)"])
        self.assertEqual(self.judge(header, report("ok", [process(10)]), {}),
                         ["the program wrote no 'child PID' line to {pids}"])


class JudgeSweepTest(unittest.TestCase):
    @staticmethod
    def sweep(*verdicts):
        runs = [{"fault": None, "verdict": "ok", "processes": []}]
        for n, verdict in enumerate(verdicts, 1):
            runs.append({"fault": {"call": "close", "n": 1, "errno": "EIO",
                                   "run": n}, "verdict": verdict,
                         "processes": []})
        return report(runs=runs)

    def test_every_run_ok_passes(self):
        self.assertEqual(rw.judge_sweep(self.sweep("ok", "ok")), [])

    def test_a_leaked_or_crashed_row_fails(self):
        problems = rw.judge_sweep(self.sweep("ok", "leaked", "crashed"))
        self.assertEqual(len(problems), 2)
        self.assertIn("verdict leaked", problems[0])
        self.assertIn("verdict crashed", problems[1])

    def test_a_sweep_without_a_faulted_run_fails(self):
        self.assertEqual(rw.judge_sweep(self.sweep()),
                         ["no faulted run reached its call: the sweep tested nothing"])

    def test_an_error_finding_in_an_ok_row_fails(self):
        rep = self.sweep("ok")
        rep["runs"][1]["processes"] = [process(5, ("double close", "error"))]
        self.assertEqual(rw.judge_sweep(rep), [
            'fault {"call": "close", "errno": "EIO", "n": 1, "run": 1}: '
            "error kinds double close"])


STRACE_DOUBLE_CLOSE = """\
100 openat(AT_FDCWD</r>, "/usr/lib/libc.so.6", O_RDONLY|O_CLOEXEC) = 3</usr/lib/libc.so.6>
100 close(3</usr/lib/libc.so.6>) = 0
100 close(3) = -1 EBADF (Bad file descriptor)
100 openat(AT_FDCWD</r>, "/run/file.txt", O_RDONLY) = 3</run/file.txt>
100 close(3</run/file.txt>) = 0
100 close(3) = -1 EBADF (Bad file descriptor)
"""

STRACE_REUSE_IS_NOT_DOUBLE = """\
100 openat(AT_FDCWD</r>, "/run/a", O_RDONLY) = 3</run/a>
100 close(3</run/a>) = 0
100 pipe2([3<pipe:[9]>, 4<pipe:[9]>], O_CLOEXEC) = 0
100 close(3<pipe:[9]>) = 0
100 close(4<pipe:[9]>) = 0
"""

STRACE_THREADS = """\
100 clone3({flags=CLONE_VM|CLONE_FILES|CLONE_THREAD, stack=0x7f0000000000} <unfinished ...>
101 openat(AT_FDCWD</r>, "/run/a", O_RDONLY) = 3</run/a>
100 <... clone3 resumed> => {parent_tid=[101]}, 88) = 101
101 close(3</run/a>) = 0
100 fstat(3, 0x7ffd) = -1 EBADF (Bad file descriptor)
"""

STRACE_MUNMAP = """\
100 mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3</run/f>, 0) = 0x7f0000000000
100 munmap(0x7f0000000000, 4096) = 0
100 munmap(0x7f0000001000, 4096) = 0
100 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000
100 munmap(0x7f0000000000, 4096) = 0
"""

STRACE_MREMAP_OLD = """\
100 mmap(NULL, 8192, PROT_READ, MAP_SHARED, 3</run/f>, 0) = 0x7f0000000000
100 mremap(0x7f0000000000, 8192, 32768, MREMAP_MAYMOVE) = 0x7f1000000000
100 munmap(0x7f0000000000, 8192) = 0
"""

STRACE_THREAD_TOOK_THE_PAGES = """\
100 clone3({flags=CLONE_VM|CLONE_FILES|CLONE_THREAD} => {parent_tid=[101]}, 88) = 101
100 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000
100 munmap(0x7f0000000000, 4096) = 0
101 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0 <unfinished ...>
100 munmap(0x7f0000000000, 4096) = 0
101 <... mmap resumed>) = 0x7f0000000000
"""

STRACE_FORK = """\
100 clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 101
101 close(3</run/a>) = 0
100 close(3</run/a>) = 0
"""


class StraceWitnessTest(unittest.TestCase):
    def witnesses(self, text):
        return rw.strace_witnesses(rw.parse_strace(text), "/run")

    def test_second_close_of_a_run_file_is_a_double_close(self):
        self.assertEqual(self.witnesses(STRACE_DOUBLE_CLOSE),
                         {(100, "double close")})

    def test_the_loaders_descriptor_closed_again_is_not(self):
        self.assertEqual(self.witnesses(STRACE_DOUBLE_CLOSE.split(
            "100 openat(AT_FDCWD</r>, \"/run")[0]), set())

    def test_a_number_made_again_by_pipe2_is_a_new_descriptor(self):
        self.assertEqual(self.witnesses(STRACE_REUSE_IS_NOT_DOUBLE), set())

    def test_threads_share_one_table_even_before_clone_returns(self):
        self.assertEqual(self.witnesses(STRACE_THREADS),
                         {(100, "use after close")})

    def test_forked_child_has_its_own_table(self):
        self.assertEqual(self.witnesses(STRACE_FORK), set())

    def test_partial_munmaps_are_not_double_but_a_repeat_is(self):
        self.assertEqual(self.witnesses(STRACE_MUNMAP), set())
        self.assertEqual(self.witnesses(
            STRACE_MUNMAP + "100 munmap(0x7f0000001000, 4096) = 0\n"),
            {(100, "double munmap")})

    def test_pages_a_thread_may_have_taken_meanwhile_are_not_double(self):
        # strace printed the mmap's return after the second munmap, but the
        # kernel may have handed the pages out before it.
        self.assertEqual(self.witnesses(STRACE_THREAD_TOOK_THE_PAGES), set())
        lines = STRACE_THREAD_TOOK_THE_PAGES.splitlines(keepends=True)
        unrelated = lines[:3] + [lines[4]]
        self.assertEqual(self.witnesses("".join(unrelated)),
                         {(100, "double munmap")})

    def test_munmap_of_the_address_mremap_moved_away_from(self):
        self.assertEqual(self.witnesses(STRACE_MREMAP_OLD),
                         {(100, "double munmap")})

    def test_hex_addresses_are_read_whole(self):
        self.assertEqual(rw.leading_number("0x7f0000001000"), 0x7f0000001000)
        self.assertEqual(rw.leading_number("-1"), -1)

    def test_split_args_respects_brackets_and_strings(self):
        self.assertEqual(rw.split_args('3</a, b>, "x, y", [1, 2], 4'),
                         ["3</a, b>", '"x, y"', "[1, 2]", "4"])


def snapshot(when, pid, event, fds, maps=""):
    text = "".join(f"fd {n} {t}\n" for n, t in fds.items()) + "maps\n" + maps
    return rw.parse_snapshot(f"{when}-{pid}-{event}", text)


MAP_FILE = "7f0000000000-7f0000002000 r--p 00000000 08:01 5 /run/file.txt\n"
MAP_ANON = "7f0000010000-7f0000011000 rw-p 00000000 00:00 0 \n"
MAP_HEAP = "55000000-55021000 rw-p 00000000 00:00 0 [heap]\n"


class SnapshotWitnessTest(unittest.TestCase):
    std = {0: "/dev/null", 1: "pipe:[1]", 2: "pipe:[2]"}

    def test_a_descriptor_open_at_exit_and_not_at_start_leaked(self):
        found = rw.snapshot_witnesses([
            snapshot(1, 10, "start", self.std),
            snapshot(2, 10, "exit", {**self.std, 3: "/run/file.txt"})])
        self.assertEqual(found, {(10, "leaked descriptor")})

    def test_closing_inherited_descriptors_is_fine(self):
        found = rw.snapshot_witnesses([
            snapshot(1, 10, "start", self.std),
            snapshot(2, 10, "exit", {0: "/dev/null"})])
        self.assertEqual(found, set())

    def test_a_reused_number_naming_another_file_leaked(self):
        found = rw.snapshot_witnesses([
            snapshot(1, 10, "start", self.std),
            snapshot(2, 10, "exit", {**self.std, 1: "/run/out"})])
        self.assertEqual(found, {(10, "leaked descriptor")})

    def test_forked_child_is_judged_from_the_fork(self):
        parent_fds = {**self.std, 3: "/run/log"}
        found = rw.snapshot_witnesses([
            snapshot(1, 10, "start", self.std),
            snapshot(2, 11, "fork", parent_fds),
            snapshot(3, 11, "_exit", {**parent_fds, 4: "/run/file"}),
            snapshot(4, 10, "exit", self.std)])
        self.assertEqual(found, {(11, "leaked descriptor")})

    def test_an_exec_image_holding_more_than_the_first_start(self):
        found = rw.snapshot_witnesses([
            snapshot(1, 10, "start", self.std),
            snapshot(2, 10, "start", {**self.std, 3: "/run/file"}),
            snapshot(3, 10, "exit", {**self.std, 3: "/run/file"})])
        self.assertEqual(found, {(10, "descriptor leaked into exec")})

    def test_new_pages_at_exit_are_a_leaked_mapping_but_heap_is_not(self):
        found = rw.snapshot_witnesses([
            snapshot(1, 10, "start", self.std, MAP_HEAP),
            snapshot(2, 10, "exit", self.std,
                     MAP_HEAP.replace("55021000", "55042000") + MAP_ANON)])
        self.assertEqual(found, {(10, "leaked mapping")})
        found = rw.snapshot_witnesses([
            snapshot(1, 10, "start", self.std, MAP_HEAP),
            snapshot(2, 10, "exit", self.std,
                     MAP_HEAP.replace("55021000", "55042000"))])
        self.assertEqual(found, set())

    def test_tools_are_judged_on_the_runs_files_only(self):
        snaps = [snapshot(1, 10, "start", self.std),
                 snapshot(2, 10, "exit", self.std, MAP_ANON)]
        self.assertEqual(rw.snapshot_witnesses(snaps, "/run"), set())
        snaps[1] = snapshot(2, 10, "exit", self.std, MAP_FILE)
        self.assertEqual(rw.snapshot_witnesses(snaps, "/run"),
                         {(10, "leaked mapping")})


# A stand-in for ffikit-faultrun: checks the command line the runner gives
# it, runs the program, and reports, for each "ROLE PID" line the program
# wrote to the file named by its last argument, the findings that
# STUB_FINDINGS (JSON: role -> kinds) gives that role.
STUB_FAULTRUN = r"""
import json, os, subprocess, sys
args = sys.argv[1:]
assert args[:3] == ["--trace", "--format", "json"], args
assert os.environ["FFIKIT_PRELOAD"] == "/preload.so"
program = args[args.index("--") + 1:]
status = subprocess.run(program, close_fds=False).returncode
findings = json.loads(os.environ["STUB_FINDINGS"])
processes = []
with open(program[-1]) as f:
    for line in f:
        role, pid = line.split()
        processes.append({"pid": int(pid), "executable": program[0],
                          "findings": [{"kind": k, "severity": "error",
                                        "message": "m"}
                                       for k in findings.get(role, [])]})
verdict = "leaked" if any(p["findings"] for p in processes) else "ok"
print("program output first")
print(json.dumps({"format": "ffikit-faultrun", "version": 1,
                  "verdict": verdict, "runs": [{"fault": None,
                  "verdict": verdict, "ended": {"how": "exit",
                  "status": status}, "processes": processes}]}))
"""


class RunTraceTest(unittest.TestCase):
    """run_trace end to end, with the stand-in above."""

    def setUp(self):
        self.directory = tempfile.mkdtemp()
        self.faultrun = os.path.join(self.directory, "faultrun")
        with open(self.faultrun, "w", encoding="utf-8") as f:
            f.write(f"#!{sys.executable}\n{STUB_FAULTRUN}")
        os.chmod(self.faultrun, 0o755)
        # The program: checks the inherited descriptor, then writes its
        # pid under two roles.
        self.case = rw.Case("stub", [
            "/bin/sh", "-c", 'test -r /dev/fd/$0 && echo "parent $$" >> "$1" '
            '&& echo "child $$" >> "$1"', "{inherited}", "{pids}"],
            expectation("// expect: leaked descriptor\n"
                        "// expect[child]: leaked descriptor\n"))

    def tearDown(self):
        shutil.rmtree(self.directory)

    def run_stub(self, findings):
        os.environ["STUB_FINDINGS"] = json.dumps(findings)
        try:
            return rw.run_trace(self.case, self.faultrun, "/preload.so")
        finally:
            del os.environ["STUB_FINDINGS"]

    def test_passes_when_the_findings_match(self):
        passed, text = self.run_stub({"child": ["leaked descriptor"]})
        self.assertTrue(passed, text)
        self.assertTrue(text.startswith("PASS stub"), text)

    def test_failure_names_expectation_result_and_reproducer(self):
        passed, text = self.run_stub({"child": ["double close"]})
        self.assertFalse(passed)
        self.assertIn("expected: leaked descriptor; child: leaked "
                      "descriptor", text)
        self.assertIn("[error] double close: m", text)
        self.assertIn("FFIKIT_PRELOAD=/preload.so", text)
        self.assertIn("--trace --format json -- /bin/sh", text)
        kept = re.search(r"files kept in (\S+)\)", text).group(1)
        self.assertTrue(os.path.isdir(kept))
        shutil.rmtree(kept)


class JudgeProveTest(unittest.TestCase):
    def test_ok_needs_no_witness_and_exit_zero(self):
        e = expectation("// expect: ok\n")
        self.assertEqual(rw.judge_prove(e, 0, set(), {}), [])
        self.assertEqual(rw.judge_prove(e, 1, set(), {}),
                         ["native exit status 1, want 0"])

    def test_stream_kinds_have_descriptor_witnesses(self):
        e = expectation("// expect: leaked stream\n")
        self.assertEqual(rw.judge_prove(
            e, 0, {(1, "leaked descriptor")}, {}), [])
        e = expectation("// expect: close of stream descriptor\n")
        self.assertEqual(rw.judge_prove(e, 0, {(1, "double close")}, {}), [])

    def test_an_extra_witness_fails(self):
        e = expectation("// expect: double close\n")
        self.assertEqual(rw.judge_prove(
            e, 0, {(1, "double close"), (1, "leaked mapping")}, {}),
            ["kernel witnesses double close, leaked mapping, "
             "want double close"])

    def test_crashed_needs_a_native_signal(self):
        e = expectation("// expect: crashed\n")
        self.assertEqual(rw.judge_prove(e, -11, set(), {}), [])
        self.assertEqual(rw.judge_prove(e, 0, set(), {}),
                         ["native exit status 0, want a crash"])

    def test_roles_are_checked_by_pid(self):
        e = expectation("// expect: leaked descriptor\n"
                        "// expect[child]: leaked descriptor\n")
        self.assertEqual(rw.judge_prove(
            e, 0, {(11, "leaked descriptor")}, {"child": {11}}), [])
        self.assertEqual(len(rw.judge_prove(
            e, 0, {(10, "leaked descriptor")}, {"child": {11}})), 1)

    def test_prove_override_replaces_the_expectation(self):
        e = expectation("// expect: ok\n"
                        "// prove-expect: leaked descriptor  (glibc)\n")
        self.assertEqual(rw.judge_prove(
            e, 0, {(1, "leaked descriptor")}, {}), [])


if __name__ == "__main__":
    unittest.main()
