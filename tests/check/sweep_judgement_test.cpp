// Sweeps over small operations written here, each with one known way of
// handling a failure, run in a forked child or in process: what a surviving
// child prints and how it is read back, which modes a sweep runs, and which
// findings reach the report.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/sweep.hpp"
#include "scratch_dir.hpp"

namespace ffikit::check {
namespace {

using testing_support::ScratchDir;

std::size_t errors_of(Function function) {
  return documented_errors(function).size();
}

int open_read_only(const std::string& path) {
  // SAFETY: path is NUL-terminated; no O_CREAT, so no mode.
  return ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
}

// Correct: reports the first failure and releases what it took.
Outcome open_then_close(const std::string& path) {
  const int fd = open_read_only(path);
  if (fd < 0) {
    return {"open", errno};
  }
  // SAFETY: our descriptor, closed once.
  if (::close(fd) != 0) {
    return {"close", errno};
  }
  return {};
}

// Reports success although open failed.
Outcome swallow_open_failure(const std::string& path) {
  const int fd = open_read_only(path);
  if (fd >= 0) {
    // SAFETY: our descriptor, closed once.
    ::close(fd);
  }
  return {};
}

// Returns from a failed fstat without closing the descriptor, which it
// also stores in @p opened.
Outcome forget_close_when_fstat_fails(const std::string& path,
                                      int* opened = nullptr) {
  const int fd = open_read_only(path);
  if (opened != nullptr) {
    *opened = fd;
  }
  if (fd < 0) {
    return {"open", errno};
  }
  struct stat status {};
  // SAFETY: fd is open and status a live struct stat.
  if (::fstat(fd, &status) != 0) {
    return {"fstat", errno};
  }
  // SAFETY: our descriptor, closed once.
  ::close(fd);
  return {};
}

// Gives up through exit(0) when fstat fails, still holding the descriptor.
Outcome exit_zero_when_fstat_fails(const std::string& path) {
  const int fd = open_read_only(path);
  if (fd < 0) {
    return {"open", errno};
  }
  struct stat status {};
  // SAFETY: fd is open and status a live struct stat.
  if (::fstat(fd, &status) != 0) {
    std::exit(0);
  }
  // SAFETY: our descriptor, closed once.
  ::close(fd);
  return {};
}

// Counts a close that failed as done, as a read-only wrapper may: Linux has
// released the descriptor whatever close returned. EBADF is still reported.
Outcome close_failure_counts_as_done(const std::string& path) {
  const int fd = open_read_only(path);
  if (fd < 0) {
    return {"open", errno};
  }
  // SAFETY: our descriptor, closed once.
  if (::close(fd) != 0 && errno == EBADF) {
    return {"close", EBADF};
  }
  return {};
}

void expect_child_survived(const SweepCase& c, const std::string& line) {
  EXPECT_TRUE(c.child.exited) << format_fault(c.plan);
  EXPECT_EQ(c.child.exit_code, 0) << format_fault(c.plan);
  EXPECT_EQ(c.child.output, line) << format_fault(c.plan);
  EXPECT_EQ(c.held_at_exit, 0U) << format_fault(c.plan);
}

// Sweeps one operation in a child per case, in one fault mode only.
SweepOptions in_child(Function function, bool persistent) {
  SweepOptions options;
  options.functions = {function};
  options.transient = !persistent;
  options.persistent = persistent;
  options.in_child = true;
  return options;
}

TEST(SweepInChild, SurvivorReportingTheFaultIsClean) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 10);
  const SweepOptions options = in_child(Function::open, /*persistent=*/false);
  const SweepReport report =
      sweep([&] { return open_then_close(path); }, options);
  ASSERT_EQ(report.cases.size(), errors_of(Function::open));
  for (const SweepCase& c : report.cases) {
    EXPECT_FALSE(c.plan.persistent);
    EXPECT_EQ(c.verdict, Verdict::clean_error) << format_fault(c.plan);
    expect_child_survived(c, "ffikit-sweep: error open " +
                                 std::to_string(c.plan.error) +
                                 " leaks 0 violations 0 fired 1\n");
  }
}

TEST(SweepInChild, SwallowedFailureIsReadBackAsOk) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 10);
  const SweepOptions options = in_child(Function::open, /*persistent=*/true);
  const SweepReport report =
      sweep([&] { return swallow_open_failure(path); }, options);
  ASSERT_EQ(report.cases.size(), errors_of(Function::open));
  for (const SweepCase& c : report.cases) {
    EXPECT_TRUE(c.plan.persistent);
    EXPECT_EQ(c.verdict, Verdict::swallowed) << format_fault(c.plan);
    expect_child_survived(
        c, "ffikit-sweep: ok - 0 leaks 0 violations 0 fired 1\n");
  }
}

TEST(SweepInChild, ForgottenCloseIsCountedInTheLine) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 10);
  const SweepOptions options = in_child(Function::fstat, /*persistent=*/false);
  const SweepReport report =
      sweep([&] { return forget_close_when_fstat_fails(path); }, options);
  ASSERT_EQ(report.cases.size(), errors_of(Function::fstat));
  for (const SweepCase& c : report.cases) {
    EXPECT_EQ(c.verdict, Verdict::leaked) << format_fault(c.plan);
    expect_child_survived(c, "ffikit-sweep: error fstat " +
                                 std::to_string(c.plan.error) +
                                 " leaks 1 violations 0 fired 1\n");
  }
}

TEST(SweepInChild, ExitZeroFromTheOperationIsNotSurvival) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 10);
  const SweepOptions options = in_child(Function::fstat, /*persistent=*/false);
  const SweepReport report =
      sweep([&] { return exit_zero_when_fstat_fails(path); }, options);
  ASSERT_EQ(report.cases.size(), errors_of(Function::fstat));
  for (const SweepCase& c : report.cases) {
    EXPECT_EQ(c.verdict, Verdict::died_otherwise) << format_fault(c.plan);
    EXPECT_TRUE(c.child.exited && c.child.exit_code == 0)
        << format_fault(c.plan);
    EXPECT_EQ(c.child.output, "ffikit-sweep-exit: held 1\n");
    EXPECT_EQ(c.held_at_exit, 1U) << format_fault(c.plan);
  }
}

TEST(SweepInChild, CallMissingFromLaterRunsIsNotReached) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 10);
  // Opens twice on its first run only, as an operation that caches what its
  // first open read would: the counting run's second open never comes again.
  int runs = 0;
  const auto opens_less_later = [&]() -> Outcome {
    const int opens = ++runs == 1 ? 2 : 1;
    for (int i = 0; i < opens; ++i) {
      if (Outcome outcome = open_then_close(path); !outcome.ok()) {
        return outcome;
      }
    }
    return {};
  };
  const SweepOptions options = in_child(Function::open, /*persistent=*/false);
  const SweepReport report = sweep(opens_less_later, options);
  EXPECT_EQ(report.calls[static_cast<std::size_t>(Function::open)], 2U);
  ASSERT_EQ(report.cases.size(), 2 * errors_of(Function::open));
  EXPECT_EQ(report.count(Verdict::clean_error), errors_of(Function::open));
  EXPECT_EQ(report.count(Verdict::not_reached), errors_of(Function::open));
  for (const SweepCase& c : report.cases) {
    if (c.plan.nth == 2) {
      EXPECT_EQ(c.verdict, Verdict::not_reached) << format_fault(c.plan);
      expect_child_survived(
          c, "ffikit-sweep: ok - 0 leaks 0 violations 0 fired 0\n");
    }
  }
}

TEST(Sweep, ForgottenCloseIsALeakFindingInProcess) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 10);
  int fd = -1;
  SweepOptions options;
  options.functions = {Function::fstat};
  const SweepReport report =
      sweep([&] { return forget_close_when_fstat_fails(path, &fd); }, options);
  EXPECT_TRUE(report.clean_findings.empty());
  ASSERT_EQ(report.cases.size(), 2 * errors_of(Function::fstat));
  for (const SweepCase& c : report.cases) {
    EXPECT_EQ(c.verdict, Verdict::leaked) << format_fault(c.plan);
    EXPECT_EQ(c.outcome.operation, "fstat");
    EXPECT_EQ(c.outcome.error, c.plan.error);
    // Each case's leak is released before the next, so every run gets the
    // same number back.
    EXPECT_EQ(
        c.findings,
        std::vector<std::string>{"leaked descriptor: fd " + std::to_string(fd) +
                                 " from open(" + path + ") (acquired at #0)"})
        << format_fault(c.plan);
  }
}

TEST(Sweep, DoubleCloseIsFoundInTheCountingRunAndInEveryCase) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 10);
  int fd = -1;
  // Closes its descriptor twice and never checks either close.
  const auto double_close = [&]() -> Outcome {
    fd = open_read_only(path);
    if (fd < 0) {
      return {"open", errno};
    }
    // SAFETY: our descriptor. The bug under test: closed twice.
    ::close(fd);
    // SAFETY: closes a number nothing else reopened in between.
    ::close(fd);
    return {};
  };
  SweepOptions options;
  options.functions = {Function::close};
  const SweepReport report = sweep(double_close, options);
  const std::vector<std::string> expected = {
      "double close at #2: close of already closed fd " + std::to_string(fd) +
      " from open(" + path + ") (acquired at #0)"};
  EXPECT_TRUE(report.clean.ok());
  EXPECT_EQ(report.clean_findings, expected);
  ASSERT_EQ(report.cases.size(), 2 * 2 * errors_of(Function::close));
  EXPECT_EQ(report.count(Verdict::violated), report.cases.size());
  for (const SweepCase& c : report.cases) {
    EXPECT_EQ(c.findings, expected) << format_fault(c.plan);
    EXPECT_TRUE(c.outcome.ok()) << format_fault(c.plan);
  }
}

TEST(RecoverableFault, VerdictIsNamedRecovered) {
  EXPECT_STREQ(verdict_name(Verdict::recovered), "recovered");
}

TEST(RecoverableFault, SuccessAfterARecoverableFaultIsRecovered) {
  const FaultPlan close_eintr{Function::close, 1, EINTR, false};
  const std::vector<Recoverable> policy = {{Function::close, EINTR}};
  EXPECT_EQ(judge(close_eintr, {}, true, 0, 0, policy), Verdict::recovered);
  EXPECT_EQ(judge(close_eintr, {}, true, 0, 0), Verdict::swallowed)
      << "without the policy the same success hides the fault";
}

TEST(RecoverableFault, OnlyTheListedCallAndErrnoAreExcused) {
  const std::vector<Recoverable> policy = {{Function::close, EINTR}};
  EXPECT_EQ(judge({Function::close, 1, EIO, false}, {}, true, 0, 0, policy),
            Verdict::swallowed);
  EXPECT_EQ(judge({Function::mmap, 1, EINTR, false}, {}, true, 0, 0, policy),
            Verdict::swallowed);
  EXPECT_EQ(judge({std::nullopt, 1, EINTR, false}, {}, true, 0, 0, policy),
            Verdict::swallowed)
      << "a plan without a target cannot name the call it failed";
}

TEST(RecoverableFault, ReportingARecoverableFaultIsStillClean) {
  const std::vector<Recoverable> policy = {{Function::close, EINTR}};
  EXPECT_EQ(judge({Function::close, 1, EINTR, false}, {"close", EINTR}, true, 0,
                  0, policy),
            Verdict::clean_error);
}

TEST(RecoverableFault, RecoveryDoesNotExcuseALeakOrAViolation) {
  const FaultPlan close_eintr{Function::close, 1, EINTR, false};
  const std::vector<Recoverable> policy = {{Function::close, EINTR}};
  EXPECT_EQ(judge(close_eintr, {}, true, 1, 0, policy), Verdict::leaked);
  EXPECT_EQ(judge(close_eintr, {}, true, 0, 1, policy), Verdict::violated);
  EXPECT_EQ(judge(close_eintr, {}, false, 0, 0, policy), Verdict::not_reached);
}

TEST(RecoverableFault, SweepGradesByTheWrittenPolicy) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 10);
  SweepOptions options;
  options.functions = {Function::close};
  for (const int error : documented_errors(Function::close)) {
    if (error != EBADF) {
      options.recoverable.emplace_back(Function::close, error);
    }
  }
  const SweepReport report =
      sweep([&] { return close_failure_counts_as_done(path); }, options);
  ASSERT_EQ(report.cases.size(), 2 * errors_of(Function::close));
  for (const SweepCase& c : report.cases) {
    EXPECT_EQ(c.verdict,
              c.plan.error == EBADF ? Verdict::clean_error : Verdict::recovered)
        << format_fault(c.plan);
  }
  EXPECT_EQ(report.count(Verdict::recovered),
            2 * (errors_of(Function::close) - 1));
}

TEST(RecoverableFault, WithoutThePolicyTheSameSweepFindsSwallowedFaults) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 10);
  SweepOptions options;
  options.functions = {Function::close};
  const SweepReport report =
      sweep([&] { return close_failure_counts_as_done(path); }, options);
  EXPECT_EQ(report.count(Verdict::swallowed),
            2 * (errors_of(Function::close) - 1));
  EXPECT_EQ(report.count(Verdict::recovered), 0U);
}

TEST(RecoverableFault, ChildThatRecoversIsReadBackAsRecovered) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 10);
  SweepOptions options = in_child(Function::close, /*persistent=*/false);
  options.recoverable = {{Function::close, EIO}};
  const SweepReport report =
      sweep([&] { return close_failure_counts_as_done(path); }, options);
  ASSERT_EQ(report.cases.size(), errors_of(Function::close));
  for (const SweepCase& c : report.cases) {
    const Verdict wanted = c.plan.error == EBADF ? Verdict::clean_error
                           : c.plan.error == EIO ? Verdict::recovered
                                                 : Verdict::swallowed;
    EXPECT_EQ(c.verdict, wanted) << format_fault(c.plan);
  }
}

}  // namespace
}  // namespace ffikit::check
