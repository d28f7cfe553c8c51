// ffikit-faultrun's report parts, without running a program: grouping,
// lints, trace facts, formats' helpers, the ordered parallel runner, and
// what is read from /proc for a killed program.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <sstream>
#include <thread>

#include "grouping.hpp"
#include "hostile_inputs.hpp"
#include "launch.hpp"
#include "lints.hpp"
#include "render.hpp"
#include "runner.hpp"
#include "symbolize.hpp"
#include "trace_facts.hpp"
#include "watched_run.hpp"

namespace ffikit::faultrun {
namespace {

using check::Event;
using check::Function;
using check::Symbol;

Event call(Function function, Symbol symbol, std::intptr_t result,
           std::uintptr_t site = 0) {
  Event e;
  e.function = function;
  e.symbol = symbol;
  e.result = result;
  e.site = site;
  return e;
}

Event opened(const char* path, int fd, int flags, std::uintptr_t site = 0) {
  Event e = call(Function::open, Symbol::open, fd, site);
  e.path = path;
  e.flags = flags;
  return e;
}

// ---- trace facts ------------------------------------------------------------

TEST(TraceFacts, PathFollowsDescriptorsThroughDupsAndMappings) {
  std::vector<Event> trace;
  trace.push_back(opened("/tmp/a", 3, O_RDONLY));
  Event dup = call(Function::dup, Symbol::dup, 4);
  dup.fd = 3;
  trace.push_back(dup);
  Event map = call(Function::mmap, Symbol::mmap, 0x10000);
  map.fd = 4;
  map.length = 8192;
  trace.push_back(map);
  Event unmap = call(Function::munmap, Symbol::munmap, 0);
  unmap.address = 0x11000;
  trace.push_back(unmap);
  Event close = call(Function::close, Symbol::close, 0);
  close.fd = 3;
  trace.push_back(close);
  Event stat_after = call(Function::fstat, Symbol::fstat, -1);
  stat_after.fd = 3;
  trace.push_back(stat_after);
  EXPECT_EQ(resource_path(trace, 0), "/tmp/a");
  EXPECT_EQ(resource_path(trace, 2), "/tmp/a");  // mmap of the dup
  EXPECT_EQ(resource_path(trace, 3), "/tmp/a");  // munmap inside it
  EXPECT_EQ(resource_path(trace, 5), "");        // 3 was closed
  EXPECT_EQ(open_flags(trace, 4), O_RDONLY);
  EXPECT_EQ(resource_path(trace, 99), "");
}

TEST(TraceFacts, FileTypeComesFromTheLastFstat) {
  std::vector<Event> trace;
  trace.push_back(opened("/tmp/p", 3, O_RDONLY));
  Event stat = call(Function::fstat, Symbol::fstat, 0);
  stat.fd = 3;
  stat.file_mode = S_IFIFO | 0644;
  trace.push_back(stat);
  Event map = call(Function::mmap, Symbol::mmap, -1);
  map.fd = 3;
  trace.push_back(map);
  EXPECT_EQ(recorded_file_type(trace, 2), mode_t{S_IFIFO});
  EXPECT_EQ(recorded_file_type(trace, 0), std::nullopt);
  EXPECT_EQ(first_injected(trace), std::nullopt);
  trace[2].injected = true;
  EXPECT_EQ(first_injected(trace), 2U);
}

// ---- lints ------------------------------------------------------------------

TEST(Lints, EachKindOncePerSiteWithACount) {
  std::vector<Event> trace;
  trace.push_back(opened("/tmp/a", 3, O_RDONLY, 0x100));
  trace.push_back(opened("/tmp/b", 4, O_RDONLY, 0x100));
  trace.push_back(opened("/tmp/c", 5, O_RDONLY | O_CLOEXEC, 0x200));
  trace.push_back(opened("/tmp/fifo", 6, O_RDWR | O_CLOEXEC, 0x300));
  Event empty = call(Function::mmap, Symbol::mmap, -1, 0x400);
  empty.fd = 5;
  empty.length = 0;
  trace.push_back(empty);
  Event fifo_map = call(Function::mmap, Symbol::mmap, -1, 0x500);
  fifo_map.fd = 6;
  fifo_map.length = 4096;
  trace.push_back(fifo_map);
  Event anonymous = call(Function::mmap, Symbol::mmap, 0x9000, 0x600);
  anonymous.map_flags = MAP_PRIVATE | MAP_ANONYMOUS;
  anonymous.length = 4096;
  trace.push_back(anonymous);
  const FileLookup lookup =
      [](const std::string& path) -> std::optional<FileFacts> {
    if (path == "/tmp/fifo") {
      return FileFacts{S_IFIFO, 0};
    }
    return FileFacts{S_IFREG, 0};
  };
  const std::vector<Lint> lints = lint_trace(trace, 0, lookup);
  ASSERT_EQ(lints.size(), 4U);
  EXPECT_EQ(lints[0].kind, "open without O_CLOEXEC");
  EXPECT_EQ(lints[0].count, 2U);
  EXPECT_EQ(lints[0].site, 0x100U);
  EXPECT_EQ(lints[1].kind, "FIFO or device opened without O_NONBLOCK");
  EXPECT_EQ(lints[1].site, 0x300U);
  EXPECT_EQ(lints[2].kind, "mmap of length 0");
  EXPECT_EQ(lints[3].kind, "mmap of a file that is not regular");
  EXPECT_NE(lints[3].message.find("[a FIFO]"), std::string::npos);
}

TEST(Lints, MemoryDevicesNeverBlockSoAreNotFlagged) {
  std::vector<Event> trace;
  trace.push_back(opened("/dev/null", 3, O_RDONLY | O_CLOEXEC));
  trace.push_back(opened("/dev/tty", 4, O_RDWR | O_CLOEXEC));
  const FileLookup lookup =
      [](const std::string& path) -> std::optional<FileFacts> {
    return FileFacts{S_IFCHR, path == "/dev/null" ? 1U : 5U};
  };
  const auto lints = lint_trace(trace, 0, lookup);
  ASSERT_EQ(lints.size(), 1U);
  EXPECT_NE(lints[0].message.find("/dev/tty"), std::string::npos);
}

// ---- grouping ---------------------------------------------------------------

JudgedRun leaking_run(Function faulted, std::uintptr_t acquired_site) {
  JudgedRun run;
  run.fault = check::FaultPlan{faulted, 1, EIO, false};
  run.verdict = RunVerdict::leaked;
  check::ProcessReport process;
  check::Finding leak;
  leak.kind = check::FindingKind::leaked_descriptor;
  leak.acquired_by = Symbol::open;
  leak.origin = 0;
  leak.fd = 3;
  leak.path = "/tmp/a";
  leak.acquired_site = acquired_site;
  process.report.leaks.push_back(leak);
  run.run.processes.push_back(process);
  SourceLocation where;
  where.module = "/bin/p";
  where.file = "p.cpp";
  where.line = static_cast<int>(acquired_site);
  where.function = "f";
  run.sites = {{{acquired_site, where}}};
  return run;
}

TEST(Grouping, OneGroupPerRootCauseWithItsFaultsAndACommand) {
  std::vector<JudgedRun> runs;
  runs.push_back(JudgedRun{});  // the clean run
  runs.push_back(leaking_run(Function::fstat, 42));
  runs.push_back(leaking_run(Function::mmap, 42));
  runs.push_back(leaking_run(Function::mmap, 42));
  runs.push_back(leaking_run(Function::close, 77));
  const auto groups = group_failures(runs, {"ffikit-faultrun", "--strict"},
                                     {"prog", "a b"}, Results::Mode::sweep);
  ASSERT_EQ(groups.size(), 2U);
  EXPECT_EQ(groups[0].title,
            "leaked descriptor from open at p.cpp:42 (f), when fstat 1 or "
            "mmap 1 fails: 3 cases");
  EXPECT_EQ(groups[0].runs, (std::vector<std::size_t>{1, 2, 3}));
  EXPECT_EQ(groups[0].reproduce,
            "ffikit-faultrun --strict --fault fstat:1:EIO:transient -- prog "
            "'a b'");
  EXPECT_EQ(groups[1].title,
            "leaked descriptor from open at p.cpp:77 (f), when close 1 fails: "
            "1 case");
}

TEST(Grouping, FailuresWithoutFindingsGroupByVerdictAndCall) {
  std::vector<JudgedRun> runs(3);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    runs[i].fault = check::FaultPlan{Function::open, 1, EACCES, i == 1};
    runs[i].verdict = RunVerdict::hidden;
    runs[i].reason = "exit 0 after the fault";
    runs[i].run.exited = true;
  }
  runs[2].fault->nth = 2;
  const auto groups = group_failures(runs, {"f"}, {"p"}, Results::Mode::sweep);
  ASSERT_EQ(groups.size(), 1U);
  EXPECT_EQ(groups[0].kind, "hidden");
  EXPECT_EQ(groups[0].title,
            "HIDDEN: exit 0 after the fault, when open 1 or open 2 fails: 3 "
            "cases");
}

TEST(Grouping, ShellQuotingSurvivesEveryByte) {
  EXPECT_EQ(shell_quote("plain-word_1.txt"), "plain-word_1.txt");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_join({"a", "b c", "$x"}), "a 'b c' '$x'");
}

// ---- formats ----------------------------------------------------------------

TEST(Formats, SarifRuleIdsAndUris) {
  EXPECT_EQ(rule_id("leaked descriptor"), "leaked-descriptor");
  EXPECT_EQ(rule_id("open without O_CLOEXEC"), "open-without-o-cloexec");
  EXPECT_EQ(rule_id("no report"), "no-report");
  EXPECT_EQ(path_uri("/src/a b.cpp"), "file:///src/a%20b.cpp");
  EXPECT_EQ(path_uri("/src/x/a.cpp", "/src"), "x/a.cpp");
  EXPECT_EQ(path_uri("/other/a.cpp", "/src"), "file:///other/a.cpp");
  EXPECT_EQ(path_uri(std::string("/t/\xff\n")), "file:///t/%FF%0A");
}

TEST(Formats, MarkdownCellsAndCodeSpansStayInTheirCell) {
  EXPECT_EQ(markdown_cell("a|b\nc"), "a\\|b c");
  EXPECT_EQ(markdown_code("plain"), "`plain`");
  EXPECT_EQ(markdown_code("a`b"), "``a`b``");
  EXPECT_EQ(markdown_code("`x`"), "`` `x` ``");
}

Results one_sweep() {
  Results results;
  results.mode = Results::Mode::sweep;
  results.command = {"prog", "file"};
  JudgedRun clean;
  clean.run.started = clean.run.exited = true;
  results.runs.push_back(clean);
  for (const bool persistent : {false, true}) {
    JudgedRun run = leaking_run(Function::fstat, 42);
    run.fault->persistent = persistent;
    run.run.started = run.run.exited = true;
    run.run.exit_code = 1;
    results.runs.push_back(run);
  }
  results.groups = group_failures(results.runs, {"ffikit-faultrun"},
                                  results.command, results.mode);
  results.failed = true;
  results.verdict = RunVerdict::leaked;
  return results;
}

TEST(Formats, MarkdownSweepIsACallByErrnoByModeTable) {
  std::ostringstream out;
  print_markdown(out, one_sweep());
  const std::string text = out.str();
  EXPECT_NE(text.find("| call | N | errno | transient | persistent |\n"
                      "| --- | ---: | --- | --- | --- |\n"
                      "| fstat | 1 | EIO | **LEAKED** | **LEAKED** |\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("### Findings, one per root cause"), std::string::npos);
  EXPECT_NE(text.find("reproduce: `ffikit-faultrun --fault "
                      "fstat:1:EIO:transient -- prog file`"),
            std::string::npos)
      << text;
}

TEST(Formats, JsonKeepsVersionOneKeysAndAddsGroups) {
  std::ostringstream out;
  print_json(out, one_sweep());
  const std::string text = out.str();
  for (const char* key :
       {"{\"format\":\"ffikit-faultrun\",\"version\":1,", "\"command\":[",
        "\"verdict\":\"leaked\"", "\"runs\":[{\"fault\":null,",
        "\"fault\":\"fstat:1:EIO:persistent\"", "\"ended\":{\"how\":\"exit\"",
        "\"processes\":[{\"pid\":",
        "\"findings\":[{\"kind\":\"leaked "
        "descriptor\",\"severity\":\"error\",\"message\":",
        "\"acquired_location\":\"p.cpp:42 (f)\"", "\"groups\":[{",
        "\"summary\":{\"cases\":2,"}) {
    EXPECT_NE(text.find(key), std::string::npos) << key << "\n" << text;
  }
}

// ---- runner -----------------------------------------------------------------

TEST(Runner, ParallelResultsArriveInCaseOrder) {
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::vector<std::size_t> order;
  run_cases(
      12, 3,
      [&](std::size_t i) {
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        // Later cases finish first.
        std::this_thread::sleep_for(std::chrono::milliseconds(12 - i));
        --running;
        JudgedRun r;
        r.input = std::to_string(i);
        return r;
      },
      [&](std::size_t i, JudgedRun&& r) {
        EXPECT_EQ(r.input, std::to_string(i));
        order.push_back(i);
      });
  EXPECT_EQ(order,
            (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  EXPECT_GE(most.load(), 2);
  EXPECT_LE(most.load(), 3);
}

// ---- what a killed program leaves ------------------------------------------

TEST(KilledProgram, ExecutableMappingsBecomeModules) {
  const auto modules = modules_from_maps(
      "55d0a0000000-55d0a0002000 r--p 00000000 08:01 12 /usr/bin/cat\n"
      "55d0a0002000-55d0a0007000 r-xp 00002000 08:01 12 /usr/bin/cat\n"
      "7f0000000000-7f0000001000 r-xp 00000000 00:00 0 \n"
      "7f1000000000-7f1000002000 r-xp 00001000 08:01 99 /lib/a b.so\n"
      "garbage\n");
  ASSERT_EQ(modules.size(), 2U);
  EXPECT_EQ(modules[0].start, 0x55d0a0002000U);
  EXPECT_EQ(modules[0].end, 0x55d0a0007000U);
  EXPECT_EQ(modules[0].offset, 0x2000U);
  EXPECT_EQ(modules[0].path, "/usr/bin/cat");
  EXPECT_EQ(modules[1].path, "/lib/a b.so");
}

TEST(KilledProgram, BlockingCallIsNamed) {
  EXPECT_EQ(
      describe_blocking(std::to_string(SYS_openat) +
                            " 0xffffff9c 0x7ffd 0x0 0x0 0x0 0x0 0x1 0x2\n",
                        "wait_for_partner"),
      "openat (kernel: wait_for_partner)");
  EXPECT_EQ(describe_blocking("running\n", ""), "");
  EXPECT_EQ(describe_blocking(std::to_string(SYS_read) + " 0x3", "0"), "read");
  EXPECT_EQ(syscall_name(100000), "system call 100000");
}

TEST(KilledProgram, SpinningOnAFaultNeedsTheSameCallAtTheSameSite) {
  const check::FaultPlan fault{Function::open, 1, EINTR, true};
  Event failed = opened("/tmp/a", -1, O_RDONLY, 0x42);
  failed.injected = true;
  failed.error = EINTR;
  std::vector<Event> trace(20, failed);
  EXPECT_TRUE(spins_on_fault(trace, fault, 20));
  EXPECT_FALSE(spins_on_fault(trace, fault, 21));  // not enough yet
  trace[5].site = 0x43;
  EXPECT_FALSE(spins_on_fault(trace, fault, 20));
  EXPECT_TRUE(spins_on_fault(trace, fault, 14));
  trace[10].path = "/tmp/b";
  EXPECT_FALSE(spins_on_fault(trace, fault, 14));
}

// ---- small pure helpers -----------------------------------------------------

TEST(Symbolize, FileOffsetsMapThroughLoadSegments) {
  const std::vector<LoadSegment> segments = {{0, 0, 0x1000},
                                             {0x1000, 0x401000, 0x2000}};
  EXPECT_EQ(file_offset_to_vaddr(segments, 0x10), 0x10U);
  EXPECT_EQ(file_offset_to_vaddr(segments, 0x1800), 0x401800U);
  EXPECT_EQ(file_offset_to_vaddr(segments, 0x3000), std::nullopt);
  SourceLocation where;
  where.module = "/bin/p";
  where.module_offset = 0x2a1f;
  EXPECT_EQ(where.text(), "/bin/p+0x2a1f");
  where.function = "main";
  where.function_offset = 0x1c;
  EXPECT_EQ(where.text(), "main+0x1c (/bin/p)");
  where.file = "p.cpp";
  where.line = 7;
  EXPECT_EQ(where.text(), "p.cpp:7 (main)");
}

TEST(HostileInputs, PlaceholderIsReplacedInArgumentsOnly) {
  EXPECT_EQ(substitute({"{}", "-f", "{}", "--in={}.bak"}, "/x"),
            (std::vector<std::string>{"{}", "-f", "/x", "--in=/x.bak"}));
}

TEST(HostileInputs, EveryInputIsWhatItsNameSays) {
  const HostileInputs built;
  ASSERT_EQ(built.error(), "");
  const auto& inputs = built.inputs();
  ASSERT_EQ(inputs.size(), 8U);
  struct stat info {};
  const auto type_of = [&](std::size_t i) {
    // SAFETY: a NUL-terminated path; lstat fills info.
    EXPECT_EQ(::lstat(inputs[i].path.c_str(), &info), 0) << inputs[i].path;
    return info.st_mode & S_IFMT;
  };
  EXPECT_EQ(type_of(0), S_IFREG);
  EXPECT_EQ(info.st_size, 0);
  EXPECT_EQ(type_of(1), S_IFDIR);
  EXPECT_EQ(type_of(2), S_IFIFO);
  EXPECT_EQ(type_of(3), S_IFCHR);
  EXPECT_EQ(type_of(4), S_IFCHR);
  EXPECT_EQ(type_of(5), S_IFREG);
  EXPECT_EQ(info.st_size, 0);  // a /proc file: size 0, yet content
  EXPECT_EQ(type_of(6), S_IFREG);
  EXPECT_NE(inputs[6].path.find('\n'), std::string::npos);
  EXPECT_EQ(type_of(7), S_IFREG);
  EXPECT_EQ(info.st_size, (off_t{1} << 32) + 1);
  EXPECT_LT(info.st_blocks, 16);  // sparse: no data written
}

}  // namespace
}  // namespace ffikit::faultrun
