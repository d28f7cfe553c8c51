// Lesson 8's grader: the happy path, then the checker's fault sweep over the
// calls that acquire, then over the calls that release.
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <ostream>
#include <string>
#include <vector>

#include "ffikit/check/session.hpp"
#include "ffikit/check/sweep.hpp"
#include "ffikit/lessons/sweep_cases.hpp"
#include "ffikit/lessons/temp_dir.hpp"
#include "lesson08.hpp"

namespace lesson08 {
// GoogleTest's printer for a status: "ok" or "fstat failed with errno 5".
void PrintTo(const LoadStatus& status, std::ostream* out);
void PrintTo(const LoadStatus& status, std::ostream* out) {
  if (status.operation == nullptr) {
    *out << "ok";
  } else {
    *out << status.operation << " failed with errno " << status.error << " ("
         << std::strerror(status.error) << ")";
  }
}
}  // namespace lesson08

namespace {

namespace check = ffikit::check;

std::size_t page_size() {
  // SAFETY: sysconf only reads a system constant.
  return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

class Lesson08 : public testing::Test {
 protected:
  // load_file as the sweep sees it: the failed call and errno, or success.
  [[nodiscard]] check::Outcome load(const std::string& path) const {
    std::string out;
    const lesson08::LoadStatus status = lesson08::load_file(path.c_str(), out);
    if (status.operation == nullptr) {
      return {};
    }
    return {status.operation, status.error};
  }

  // Sweeps the calls in @p functions and fails with the cases that did not
  // end in a clean error. Each case runs in a child process, so a crash or a
  // hang is that case's verdict rather than the end of the grader.
  void expect_every_fault_clean(std::vector<check::Function> functions,
                                bool transient, bool persistent) const {
    const std::string path = file_;
    const auto operation = [this, &path] { return load(path); };
    check::SweepOptions options;
    options.functions = std::move(functions);
    options.transient = transient;
    options.persistent = persistent;
    options.in_child = true;
    const check::SweepReport report = check::sweep(operation, options);
    ASSERT_TRUE(report.clean.ok())
        << "the run without faults failed in " << report.clean.operation;
    ASSERT_FALSE(report.cases.empty()) << "load_file made no watched call";
    const std::vector<std::string> unclean =
        ffikit::lessons::unclean_cases(report, operation);
    ASSERT_TRUE(unclean.empty())
        << unclean.size() << " of " << report.cases.size() << ' '
        << (transient && persistent ? "injected"
            : persistent            ? "persistent"
                                    : "transient")
        << " faults did not end in a clean error naming that call and "
           "errno:\n"
        << ffikit::lessons::first_lines(unclean);
  }

  ffikit::lessons::TempDir dir_;
  std::string file_ = dir_.write("data", "twelve bytes");
};

using Task1HappyPath = Lesson08;

TEST_F(Task1HappyPath, CopiesTheWholeFile) {
  std::string out;
  const lesson08::LoadStatus status = lesson08::load_file(file_.c_str(), out);
  EXPECT_EQ(testing::PrintToString(status), "ok");
  EXPECT_EQ(out, "twelve bytes");
}

TEST_F(Task1HappyPath, CopiesALargeFileWhileItIsStillMapped) {
  // Quarantine keeps a released range reserved and unreadable, so reading
  // the bytes after munmap faults here every time. Without it, the copy's
  // own allocation (this size comes from a fresh mmap) may land on the
  // range just released and the bug would read zeros.
  const std::string contents(64 * page_size(), 'q');
  const std::string large = dir_.write("large", contents);
  check::Options quarantine;
  quarantine.quarantine = true;
  check::Session session(quarantine);
  std::string out;
  const lesson08::LoadStatus status = lesson08::load_file(large.c_str(), out);
  session.disarm();
  EXPECT_EQ(testing::PrintToString(status), "ok");
  EXPECT_TRUE(out == contents) << "copied " << out.size() << " bytes, not the "
                               << contents.size() << " of the file";
}

TEST_F(Task1HappyPath, EmptyFileIsEmptyAndNeverMapped) {
  const std::string empty = dir_.write("empty", "");
  std::string out = "stale";
  check::Session session;
  const lesson08::LoadStatus status = lesson08::load_file(empty.c_str(), out);
  session.disarm();
  EXPECT_EQ(testing::PrintToString(status), "ok");
  EXPECT_EQ(out, "");
  EXPECT_EQ(session.report().calls_of(check::Function::mmap), 0U)
      << session.trace_text();
  EXPECT_TRUE(session.report().leaks.empty()) << session.trace_text();
}

using Task2AcquireFaults = Lesson08;

TEST_F(Task2AcquireFaults, FailingOpenFstatOrMmapLeaksNothing) {
  expect_every_fault_clean(
      {check::Function::open, check::Function::fstat, check::Function::mmap},
      true, true);
}

using Task3ReleaseFaults = Lesson08;

TEST_F(Task3ReleaseFaults, UnmapsExactlyWhatWasMappedBeforeClosing) {
  // A file of a page and a byte: a munmap length off by a byte or by a page
  // leaves the last page mapped, which the checker reports as a wrong range.
  const std::string page_and_a_byte =
      dir_.write("page-and-a-byte", std::string(page_size() + 1, 'p'));
  for (const std::string& path : {file_, page_and_a_byte}) {
    check::Session session;
    std::string out;
    const lesson08::LoadStatus status = lesson08::load_file(path.c_str(), out);
    session.disarm();
    EXPECT_EQ(testing::PrintToString(status), "ok");
    const check::Report report = session.report();
    for (const check::Finding& finding : report.violations) {
      ADD_FAILURE() << check::describe(finding) << '\n'
                    << session.trace_text();
    }
    for (const check::Finding& leak : report.leaks) {
      ADD_FAILURE() << check::describe(leak) << '\n' << session.trace_text();
    }
    session.release_leaks();
  }
}

TEST_F(Task3ReleaseFaults, FailingMunmapOrCloseIsReported) {
  // Each call failing once first: code that retries close on EINTR would
  // loop for ever when close keeps failing, so that case comes second.
  expect_every_fault_clean({check::Function::munmap, check::Function::close},
                           true, false);
  if (HasFatalFailure()) {
    return;
  }
  expect_every_fault_clean({check::Function::munmap, check::Function::close},
                           false, true);
}

}  // namespace
