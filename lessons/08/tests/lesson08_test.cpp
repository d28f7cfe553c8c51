// Lesson 8's grader: the happy path, then the checker's fault sweep over the
// calls that acquire, then over the calls that release.
#include <gtest/gtest.h>

#include <cerrno>
#include <string>

#include "ffikit/check/session.hpp"
#include "ffikit/check/sweep.hpp"
#include "ffikit/lessons/temp_dir.hpp"
#include "lesson08.hpp"

namespace {

namespace check = ffikit::check;

class Lesson08 : public testing::Test {
 protected:
  check::SweepReport sweep_over(std::vector<check::Function> functions) const {
    const std::string path = file_;
    check::SweepOptions options;
    options.functions = std::move(functions);
    return check::sweep(
        [&path]() -> check::Outcome {
          std::string out;
          const lesson08::LoadStatus status =
              lesson08::load_file(path.c_str(), out);
          if (status.operation == nullptr) {
            return {};
          }
          return {status.operation, status.error};
        },
        options);
  }

  // Every case must be a clean error. The run without faults is judged by
  // task 3 (nesting), so that each task reports its own bug.
  static void expect_all_clean(const check::SweepReport& report) {
    EXPECT_TRUE(report.clean.ok()) << "the run without faults failed";
    ASSERT_FALSE(report.cases.empty());
    for (const check::SweepCase& c : report.cases) {
      EXPECT_STREQ(check::verdict_name(c.verdict),
                   check::verdict_name(check::Verdict::clean_error))
          << check::format_fault(c.plan) << ": "
          << check::verdict_name(c.verdict) << " (reported '"
          << c.outcome.operation << "' errno " << c.outcome.error << ")"
          << (c.findings.empty() ? "" : "; " + c.findings.front());
    }
  }

  ffikit::lessons::TempDir dir_;
  std::string file_ = dir_.write("data", "twelve bytes");
};

using Task1HappyPath = Lesson08;

TEST_F(Task1HappyPath, CopiesTheWholeFile) {
  std::string out;
  const lesson08::LoadStatus status = lesson08::load_file(file_.c_str(), out);
  EXPECT_EQ(status.operation, nullptr) << status.operation;
  EXPECT_EQ(out, "twelve bytes");
}

TEST_F(Task1HappyPath, EmptyFileIsEmptyAndNeverMapped) {
  const std::string empty = dir_.write("empty", "");
  std::string out = "stale";
  check::Session session;
  const lesson08::LoadStatus status = lesson08::load_file(empty.c_str(), out);
  session.disarm();
  EXPECT_EQ(status.operation, nullptr)
      << status.operation << " errno " << status.error;
  EXPECT_EQ(out, "");
  EXPECT_EQ(session.report().calls_of(check::Function::mmap), 0U)
      << session.trace_text();
  EXPECT_TRUE(session.report().leaks.empty()) << session.trace_text();
}

using Task2AcquireFaults = Lesson08;

TEST_F(Task2AcquireFaults, FailingOpenFstatOrMmapLeaksNothing) {
  expect_all_clean(sweep_over(
      {check::Function::open, check::Function::fstat, check::Function::mmap}));
}

using Task3ReleaseFaults = Lesson08;

TEST_F(Task3ReleaseFaults, UnmapsBeforeClosing) {
  check::Session session;
  std::string out;
  static_cast<void>(lesson08::load_file(file_.c_str(), out));
  session.disarm();
  const check::Report report = session.report();
  ASSERT_EQ(report.violations.size(), 0U)
      << check::describe(report.violations.front()) << "\n"
      << session.trace_text();
}

TEST_F(Task3ReleaseFaults, FailingMunmapOrCloseIsReported) {
  const check::SweepReport report =
      sweep_over({check::Function::munmap, check::Function::close});
  EXPECT_TRUE(report.clean_findings.empty())
      << "the run without faults: " << report.clean_findings.front();
  expect_all_clean(report);
}

}  // namespace
