// ffikit-faultrun from the outside, on small programs with known behaviour
// (faultrun/probe.cpp): what reaches the program, how runs end, where
// findings are, how results are grouped and printed.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ffikit/check/child.hpp"
#include "ffikit/check/errno_catalog.hpp"
#include "scratch_dir.hpp"

namespace ffikit::check {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing_support::ScratchDir;

// Runs PROGRAM ARGS (argv[0] a path) in a child; stdout and stderr together.
ChildResult run(std::vector<std::string> args,
                std::chrono::seconds timeout = std::chrono::seconds(60)) {
  return run_in_child(
      [&] {
        std::vector<char*> raw;
        for (std::string& arg : args) {
          raw.push_back(arg.data());
        }
        raw.push_back(nullptr);
        // SAFETY: raw is NULL-terminated; its strings outlive the call.
        ::execv(raw[0], raw.data());
        ::_exit(127);
      },
      timeout);
}

ChildResult faultrun(std::vector<std::string> options,
                     const std::vector<std::string>& probe_args) {
  options.insert(options.begin(), FFIKIT_FAULTRUN);
  options.emplace_back("--");
  options.emplace_back(FFIKIT_PROBE);
  options.insert(options.end(), probe_args.begin(), probe_args.end());
  return run(options);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The line of probe.cpp after the comment that ends in "Next: " + @p marker
// ("probe: planted leak"): the marked call.
int probe_line(const std::string& marker) {
  std::istringstream source(slurp(FFIKIT_PROBE_SOURCE));
  std::string line;
  for (int number = 1; std::getline(source, line); ++number) {
    if (line.ends_with("Next: " + marker)) {
      return number + 1;
    }
  }
  ADD_FAILURE() << "no line marked " << marker;
  return 0;
}

std::string at_probe_line(const std::string& marker) {
  return "faultrun/probe.cpp:" + std::to_string(probe_line(marker)) + " (";
}

class Faultrun : public ::testing::Test {
 protected:
  ScratchDir dir;
  std::string file = dir.file("input", 2 * 4096);
};

// ---- hygiene and how runs end ----------------------------------------------

// The descriptors this process would hand to a child (no close-on-exec).
std::set<int> inheritable_here() {
  std::set<int> out;
  for (int fd = 0; fd < 1024; ++fd) {
    // SAFETY: F_GETFD only reads the flags of a number, open or not.
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0 && (flags & FD_CLOEXEC) == 0) {
      out.insert(fd);
    }
  }
  return out;
}

// Each block of a list-fds file: the descriptor numbers the program had.
std::vector<std::set<int>> listings(const std::string& text) {
  std::vector<std::set<int>> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line == "--- run") {
      out.emplace_back();
    } else if (!out.empty()) {
      out.back().insert(std::stoi(line));
    }
  }
  return out;
}

TEST_F(Faultrun, NoDescriptorOfItsOwnReachesTheProgram) {
  const std::string list = dir.path("fds");
  // What the program may legitimately have: its standard three, plus what
  // this test process itself lets children inherit.
  std::set<int> allowed = inheritable_here();
  allowed.insert({0, 1, 2});
  const ChildResult traced = faultrun({"--trace"}, {"list-fds", list});
  EXPECT_EQ(traced.exit_code, 0) << traced.output;
  // A parallel sweep too: worker threads open report files while others
  // start programs; and the same with cases forked by a fork server, whose
  // socket must not reach them.
  for (const bool forked : {false, true}) {
    std::vector<std::string> options = {"--jobs", "2",        "--functions",
                                        "fclose", "--errnos", "EIO,EBADF"};
    if (forked) {
      options.emplace_back("--fork-server");
    }
    const ChildResult swept = faultrun(options, {"list-fds", list});
    EXPECT_EQ(swept.exit_code, 0) << swept.output;
  }
  const auto blocks = listings(slurp(list));
  ASSERT_GE(blocks.size(), 11U) << slurp(list);
  for (const std::set<int>& fds : blocks) {
    for (const int fd : fds) {
      EXPECT_TRUE(allowed.count(fd) == 1)
          << "descriptor " << fd << " reached the program:\n"
          << slurp(list);
    }
  }
}

TEST_F(Faultrun, ProgramThatCannotStartIsAFailureNamedAsSuch) {
  const ChildResult missing =
      run({FFIKIT_FAULTRUN, "--trace", "--", dir.path("no-such-program")});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_THAT(missing.output, HasSubstr("cannot start"));
  const ChildResult json = run({FFIKIT_FAULTRUN, "--trace", "--format", "json",
                                "--", dir.path("no-such-program")});
  EXPECT_EQ(json.exit_code, 2);
  EXPECT_THAT(json.output, HasSubstr("\"verdict\":\"cannot watch\""));
}

TEST_F(Faultrun, StaticProgramCannotBeWatched) {
  const ChildResult r = run({FFIKIT_FAULTRUN, "--", FFIKIT_STATIC_PROBE});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("cannot watch: "));
  EXPECT_THAT(r.output, HasSubstr("statically linked"));
}

TEST_F(Faultrun, ExitThroughUnderscoreExitStillReportsItsLeak) {
  const ChildResult r = faultrun({"--trace"}, {"quick-exit-leak", file});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("leak: leaked descriptor: fd "));
}

TEST_F(Faultrun, ProgramThatLeavesNoReportFails) {
  const ChildResult r = faultrun({"--trace"}, {"raw-exit", file});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("NO REPORT"));
}

TEST_F(Faultrun, LingeringChildIsANoteNotAHang) {
  const auto start = std::chrono::steady_clock::now();
  const ChildResult r =
      faultrun({"--trace", "--grace", "200", "--timeout", "20"}, {"linger"});
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("note: lingering child: process "));
  EXPECT_THAT(r.output, HasSubstr("; 2 processes; ok\n"));
  // Each process by pid and executable; the child was killed (no report).
  EXPECT_THAT(r.output, ::testing::ContainsRegex(
                            "== process [0-9]+ \\(.*ffikit-faultrun-probe\\), "
                            "exit\n== process [0-9]+ \\(.*ffikit-faultrun-"
                            "probe\\), none\n"));
  EXPECT_LT(took, std::chrono::seconds(10));
}

TEST_F(Faultrun, ChildThatLeftTheGroupHoldingStderrDoesNotHoldTheRun) {
  const auto start = std::chrono::steady_clock::now();
  // JSON: the program's stdout is /dev/null, so only ffikit-faultrun's own
  // stderr pipe is left to the detached child, not this test's.
  const ChildResult r = faultrun(
      {"--trace", "--format", "json", "--grace", "100", "--timeout", "20"},
      {"detach"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("\"output_held\":true"));
  EXPECT_THAT(r.output, HasSubstr("\"verdict\":\"ok\""));
  // The detached child sleeps 20 s; the run ended long before.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
}

TEST_F(Faultrun, StopAndContinueDoNotCutARunShort) {
  std::array<int, 2> ends{};
  // SAFETY: ends has room for both descriptors; both close on exec.
  ASSERT_EQ(::pipe2(ends.data(), O_CLOEXEC), 0);
  std::vector<std::string> args = {FFIKIT_FAULTRUN, "--trace", "--",
                                   FFIKIT_PROBE, "slow-message"};
  std::vector<char*> raw;
  for (std::string& arg : args) {
    raw.push_back(arg.data());
  }
  raw.push_back(nullptr);
  // SAFETY: the child only redirects its output and execs.
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // SAFETY: the write end is open; dup2 onto 1 and 2 clears O_CLOEXEC.
    ::dup2(ends[1], STDOUT_FILENO);
    ::dup2(ends[1], STDERR_FILENO);
    ::execv(raw[0], raw.data());
    ::_exit(127);
  }
  // SAFETY: our own write end, closed once.
  ::close(ends[1]);
  for (int i = 0; i < 8; ++i) {
    ::usleep(30000);
    // SAFETY: pid is our own unreaped child.
    ::kill(pid, SIGSTOP);
    ::usleep(10000);
    ::kill(pid, SIGCONT);
  }
  const ChildResult r =
      collect_child(pid, ends[0], std::chrono::seconds(30), pid);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("probe: done\n"));
  EXPECT_THAT(r.output, HasSubstr("-- exit 0; no watched calls; ok\n"));
}

TEST_F(Faultrun, HungRunShowsItsBlockingCallAndLastCalls) {
  const ChildResult r =
      faultrun({"--trace", "--timeout", "2"}, {"hang-after-calls", file});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("HUNG (blocked in pause"));
  EXPECT_THAT(r.output, HasSubstr("last calls before the end:\n"));
  EXPECT_THAT(r.output,
              HasSubstr(at_probe_line("probe: last call before the hang")));
}

TEST_F(Faultrun, CrashedRunShowsItsLastCalls) {
  const ChildResult r = faultrun({"--trace"}, {"crash-after-calls", file});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("signal 11 (SIGSEGV)"));
  EXPECT_THAT(r.output, HasSubstr("CRASHED"));
  // The trace file outlives the process: its last calls are shown.
  EXPECT_THAT(r.output, HasSubstr("last calls before the end:\n  open(\""));
  EXPECT_THAT(r.output, ::testing::ContainsRegex(
                            "\n  fstat\\([0-9]+\\) = 0 \\{size 8192, "
                            "regular file\\} \\[at 0x"));
}

// ---- EINTR and retries -----------------------------------------------------

TEST_F(Faultrun, RetryAfterEintrThatSucceedsIsCorrect) {
  const ChildResult r =
      faultrun({"--expect-error", "--functions", "open", "--errnos", "EINTR"},
               {"eintr-retry", file});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  // Transient only: a signal interrupts one call.
  EXPECT_THAT(r.output, HasSubstr("summary: 1 cases, 1 ok\nresult: PASS\n"));
}

TEST_F(Faultrun, RetryingAnotherErrnoForeverIsAHangFoundEarly) {
  const auto start = std::chrono::steady_clock::now();
  const ChildResult r = faultrun({"--functions", "open", "--errnos", "EAGAIN",
                                  "--modes", "persistent", "--timeout", "30"},
                                 {"retry-any", file});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("stopped: retry loop"));
  EXPECT_THAT(r.output, HasSubstr("HUNG: retried open for ever"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

// ---- --expect-error
// ----------------------------------------------------------

std::string verdict_of_style(const std::string& style, const std::string& file,
                             std::vector<std::string> extra = {}) {
  std::vector<std::string> options = {"--quiet", "--expect-error", "--calls",
                                      "open:1",  "--errnos",       "EACCES",
                                      "--modes", "transient"};
  options.insert(options.end(), extra.begin(), extra.end());
  const ChildResult r = faultrun(options, {"message", style, file});
  const std::size_t at = r.output.find("summary: 1 cases, 1 ");
  return at == std::string::npos
             ? r.output
             : r.output.substr(at + 20, r.output.find('\n', at) - at - 20);
}

TEST_F(Faultrun, HiddenAndUnnamedAreDifferentVerdicts) {
  EXPECT_EQ(verdict_of_style("kit", file), "ok");
  EXPECT_EQ(verdict_of_style("unix", file), "ok");
  EXPECT_EQ(verdict_of_style("perror", file), "ok");
  EXPECT_EQ(verdict_of_style("hide", file), "HIDDEN");
  EXPECT_EQ(verdict_of_style("no-name", file), "UNNAMED");
  EXPECT_EQ(verdict_of_style("no-reason", file), "UNNAMED");
  EXPECT_EQ(verdict_of_style("silent", file), "UNNAMED");
}

TEST_F(Faultrun, MessageRegexOverridesTheRule) {
  EXPECT_EQ(verdict_of_style("no-reason", file, {"--message", "cannot read"}),
            "ok");
  EXPECT_EQ(verdict_of_style("kit", file, {"--message", "^nothing like it"}),
            "UNNAMED");
}

// ---- call sites, grouping, --jobs ------------------------------------------

TEST_F(Faultrun, PlantedLeakIsReportedAtItsFileAndLine) {
  const ChildResult r =
      faultrun({"--fault", "fstat:1:EIO"}, {"leak-on-error", file});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("acquired at "));
  EXPECT_THAT(r.output, HasSubstr(at_probe_line("probe: planted leak") +
                                  "(anonymous namespace)::leak_on_error)"));
}

TEST_F(Faultrun, LeakOnEveryErrorPathIsOneGroupWithItsSite) {
  const ChildResult r =
      faultrun({"--quiet", "--functions", "fstat,mmap", "--modes", "transient"},
               {"leak-on-error", file});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  const std::size_t cases = documented_errors(Function::fstat).size() +
                            documented_errors(Function::mmap).size();
  EXPECT_THAT(r.output,
              HasSubstr("1. [error] leaked descriptor from open at "));
  EXPECT_THAT(r.output, HasSubstr(at_probe_line("probe: planted leak")));
  EXPECT_THAT(r.output, HasSubstr("when fstat 1 or mmap 1 fails: " +
                                  std::to_string(cases) + " cases\n"));
  EXPECT_THAT(r.output, Not(HasSubstr("  2. ")));
  EXPECT_THAT(r.output, HasSubstr("reproduce: " + std::string(FFIKIT_FAULTRUN) +
                                  " --fault fstat:1:EBADF:transient -- "));
}

TEST_F(Faultrun, ParallelSweepPrintsTheSerialTable) {
  const std::vector<std::string> sweep = {"--functions",
                                          "open,fstat,mmap,close"};
  std::vector<std::string> serial = sweep;
  serial.insert(serial.end(), {"--jobs", "1"});
  std::vector<std::string> parallel = sweep;
  parallel.insert(parallel.end(), {"--jobs", "2"});
  const ChildResult one = faultrun(serial, {"leak-on-error", file});
  const ChildResult two = faultrun(parallel, {"leak-on-error", file});
  EXPECT_EQ(one.exit_code, 1) << one.output;
  EXPECT_THAT(one.output, HasSubstr("LEAKED"));
  EXPECT_EQ(one.output, two.output);
}

// ---- the fork server
// -----------------------------------------------------------------

// A case the fork server forks is watched and judged exactly as an
// executed one: the same table, byte for byte, serial and parallel, for a
// program that leaks on its error paths and one that leaks into _exit.
TEST_F(Faultrun, ForkServerSweepIsTheExecutedSweep) {
  const std::vector<std::string> sweep = {"--functions",
                                          "open,fstat,mmap,close"};
  for (const char* behaviour : {"leak-on-error", "quick-exit-leak"}) {
    const ChildResult executed = faultrun(sweep, {behaviour, file});
    ASSERT_EQ(executed.exit_code, 1) << executed.output;
    ASSERT_THAT(executed.output, HasSubstr("LEAKED"));
    for (const std::vector<std::string>& extra :
         {std::vector<std::string>{"--fork-server"},
          std::vector<std::string>{"--fork-server", "--jobs", "2"}}) {
      std::vector<std::string> options = sweep;
      options.insert(options.end(), extra.begin(), extra.end());
      const ChildResult forked = faultrun(options, {behaviour, file});
      EXPECT_EQ(forked.exit_code, executed.exit_code) << behaviour;
      EXPECT_EQ(forked.output, executed.output) << behaviour;
    }
  }
}

// Every case really is a child of the program (the server).
// (NoDescriptorOfItsOwnReachesTheProgram lists what a forked case holds.)
TEST_F(Faultrun, ForkServerCasesAreChildrenOfTheProgram) {
  const std::string parents = dir.path("parents");
  const ChildResult executed =
      faultrun({"--functions", "open"}, {"show-parent", parents, file});
  EXPECT_EQ(executed.exit_code, 0) << executed.output;
  const ChildResult forked = faultrun({"--fork-server", "--functions", "open"},
                                      {"show-parent", parents, file});
  EXPECT_EQ(forked.exit_code, 0) << forked.output;
  EXPECT_EQ(forked.output, executed.output);
  std::istringstream lines(slurp(parents));
  std::vector<std::string> seen;
  for (std::string line; std::getline(lines, line);) {
    seen.push_back(line);
  }
  // The same runs each way (a clean one, then one per case): executed
  // first, each a child of ffikit-faultrun, then forked by the server.
  ASSERT_EQ(seen.size() % 2, 0U) << slurp(parents);
  const std::size_t runs = seen.size() / 2;
  ASSERT_GT(runs, documented_errors(Function::open).size()) << slurp(parents);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i], i < runs ? "parent: other" : "parent: probe") << i;
  }
}

// A forked case that hangs is killed at the timeout and named as hung; one
// that crashes is named as crashed, as when executed.
TEST_F(Faultrun, ForkServerCasesHangAndCrashLikeExecutedOnes) {
  const ChildResult hung =
      faultrun({"--fork-server", "--trace", "--timeout", "2"},
               {"hang-after-calls", file});
  EXPECT_EQ(hung.exit_code, 1) << hung.output;
  EXPECT_THAT(hung.output, HasSubstr("HUNG (blocked in pause"));
  const ChildResult crashed =
      faultrun({"--fork-server", "--trace"}, {"crash-after-calls", file});
  EXPECT_EQ(crashed.exit_code, 1) << crashed.output;
  EXPECT_THAT(crashed.output, HasSubstr("signal 11 (SIGSEGV)"));
  EXPECT_THAT(crashed.output, HasSubstr("CRASHED"));
}

// ---- formats
// -----------------------------------------------------------------

TEST_F(Faultrun, SarifValidatesAgainstTheSchemaAndPointsAtTheLine) {
  const ChildResult r = faultrun(
      {"--format", "sarif", "--functions", "fstat", "--modes", "transient"},
      {"leak-on-error", file});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  const std::string log = dir.path("log.sarif");
  std::ofstream(log) << r.output;
  const ChildResult valid =
      run({FFIKIT_PYTHON, FFIKIT_SARIF_CHECK, FFIKIT_SARIF_SCHEMA, log});
  EXPECT_EQ(valid.exit_code, 0) << valid.output;
  EXPECT_THAT(valid.output, HasSubstr("valid SARIF 2.1.0: 1 result(s)"));
  EXPECT_THAT(r.output, HasSubstr("\"ruleId\":\"leaked-descriptor\""));
  EXPECT_THAT(r.output,
              HasSubstr("faultrun/probe.cpp\"},\"region\":{"
                        "\"startLine\":" +
                        std::to_string(probe_line("probe: planted leak"))));
  // Relative to a source root, as code scanning wants it.
  const std::string source = FFIKIT_PROBE_SOURCE;
  const std::string root = source.substr(0, source.rfind("/faultrun/"));
  const ChildResult rooted =
      faultrun({"--format", "sarif", "--source-root", root, "--functions",
                "fstat", "--modes", "transient"},
               {"leak-on-error", file});
  std::ofstream(log) << rooted.output;
  const ChildResult valid_rooted =
      run({FFIKIT_PYTHON, FFIKIT_SARIF_CHECK, FFIKIT_SARIF_SCHEMA, log});
  EXPECT_EQ(valid_rooted.exit_code, 0) << valid_rooted.output;
  EXPECT_THAT(rooted.output,
              HasSubstr("\"uri\":\"faultrun/probe.cpp\",\"uriBaseId\":"
                        "\"SRCROOT\"},\"region\":{\"startLine\":"));
  EXPECT_THAT(rooted.output, HasSubstr("\"originalUriBaseIds\":{\"SRCROOT\":"
                                       "{\"uri\":\"file://" +
                                       root + "/\"}}"));
}

#ifdef FFIKIT_CMARK_GFM
TEST_F(Faultrun, MarkdownRendersAsATable) {
  const ChildResult r = faultrun(
      {"--format", "markdown", "--functions", "fstat", "--errnos", "EIO,EBADF"},
      {"leak-on-error", file});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  const std::string page = dir.path("report.md");
  std::ofstream(page) << r.output;
  const ChildResult html = run({FFIKIT_CMARK_GFM, "-e", "table", page});
  EXPECT_EQ(html.exit_code, 0) << html.output;
  EXPECT_THAT(html.output,
              HasSubstr("<th>call</th>\n<th align=\"right\">N</th>"));
  EXPECT_THAT(html.output,
              HasSubstr("<td>fstat</td>\n<td align=\"right\">1</td>\n"
                        "<td>EIO</td>\n<td><strong>LEAKED</strong></td>\n"
                        "<td><strong>LEAKED</strong></td>"));
}
#endif

// ---- lints, --inputs, --borrowed
// ---------------------------------------------

TEST_F(Faultrun, LintsComeWithTheirCallSites) {
  const std::string fifo = dir.path("fifo");
  // SAFETY: a NUL-terminated path in the test's own directory.
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const ChildResult r = faultrun({"--trace"}, {"lints", file, fifo});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const auto& [kind, marker] :
       std::vector<std::pair<std::string, std::string>>{
           {"open without O_CLOEXEC", "probe: no cloexec"},
           {"FIFO or device opened without O_NONBLOCK", "probe: fifo"},
           {"mmap of length 0", "probe: mmap 0"},
           {"mmap of a file that is not regular", "probe: mmap fifo"}}) {
    const std::size_t at = r.output.find("lint: " + kind + ": ");
    ASSERT_NE(at, std::string::npos) << kind << "\n" << r.output;
    const std::size_t site = r.output.find("\n      at ", at);
    EXPECT_EQ(r.output.substr(site, r.output.find('\n', site + 1) - site)
                      .find(at_probe_line(marker)) != std::string::npos,
              true)
        << kind << "\n"
        << r.output;
  }
}

TEST_F(Faultrun, InputsModeJudgesEachHostileInput) {
  // Only the FIFO is meant to reach the limit; the others must end well
  // before it even on a loaded machine under a sanitizer.
  const ChildResult r = faultrun({"--inputs", "--timeout", "3", "--jobs", "2"},
                                 {"leak-on-error", "{}"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  // Size 0 maps as EINVAL and a directory as ENODEV: the probe leaks its
  // descriptor on both paths; a FIFO with no writer blocks its open.
  for (const char* row :
       {"empty file         exit 1               1     0    LEAKED",
        "directory          exit 1               1     0    LEAKED",
        "FIFO               timeout              0     0    HUNG",
        "/dev/null          exit 1               1     0    LEAKED",
        "/proc file         exit 1               1     0    LEAKED",
        "unprintable name   exit 0               0     0    ok",
        "sparse 4 GiB file  exit 0               0     0    ok"}) {
    EXPECT_THAT(r.output, HasSubstr(row)) << row;
  }
  EXPECT_THAT(r.output, HasSubstr("HUNG: blocked in openat"));
  EXPECT_THAT(r.output, HasSubstr("summary: 8 cases"));
}

// A descriptor this process opens without close-on-exec, so that it
// reaches the program through ffikit-faultrun, closed at the end.
class Lent : public Faultrun {
 protected:
  void SetUp() override {
    // SAFETY: a NUL-terminated path; closed in TearDown.
    fd_ = ::open(file.c_str(), O_RDONLY);
    ASSERT_GE(fd_, 0);
  }
  void TearDown() override {
    // SAFETY: our own descriptor, closed once.
    ::close(fd_);
  }
  int fd_ = -1;
};

TEST_F(Lent, ClosingABorrowedDescriptorIsAViolation) {
  const std::string fd = std::to_string(fd_);
  const ChildResult borrowed =
      faultrun({"--trace", "--borrowed", fd}, {"close-fd", fd});
  EXPECT_EQ(borrowed.exit_code, 1) << borrowed.output;
  EXPECT_THAT(borrowed.output, HasSubstr("violation: close of borrowed"));
  // Without --borrowed the inherited descriptor is the program's to close.
  const ChildResult inherited = faultrun({"--trace"}, {"close-fd", fd});
  EXPECT_EQ(inherited.exit_code, 0) << inherited.output;
}

TEST_F(Lent, UsingABorrowedDescriptorIsNotBlamedOnTheProgram) {
  const std::string fd = std::to_string(fd_);
  const ChildResult r = faultrun({"--trace", "--borrowed", fd}, {"use-fd", fd});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("leak")));
}

}  // namespace
}  // namespace ffikit::check
