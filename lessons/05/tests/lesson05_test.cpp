// Lesson 5's grader: the callback API, its errors, and the checker's
// verdicts on nesting, leaks and injected faults.
#include <gtest/gtest.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "ffikit/check/session.hpp"
#include "ffikit/check/sweep.hpp"
#include "ffikit/lessons/temp_dir.hpp"
#include "lesson05.hpp"

namespace {

namespace check = ffikit::check;

std::string as_text(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};  // NOLINT
}

std::vector<std::string> call_names(const check::Report& report) {
  std::vector<std::string> names;
  for (const check::Event& event : report.trace) {
    if (event.kind == check::Event::Kind::call) {
      names.emplace_back(check::name(event.function));
    }
  }
  return names;
}

class Lesson05 : public testing::Test {
 protected:
  ffikit::lessons::TempDir dir_;
  std::string file_ = dir_.write("data", "hello\n");
};

using Task1Contents = Lesson05;

TEST_F(Task1Contents, TheCallbackSeesExactlyTheFile) {
  std::vector<std::string> seen;
  lesson05::with_file_bytes(file_, [&](std::span<const std::byte> bytes) {
    seen.push_back(as_text(bytes));
  });
  EXPECT_EQ(seen, std::vector<std::string>{"hello\n"});
}

TEST_F(Task1Contents, EmptyFileGivesAnEmptyViewAndNoMmap) {
  const std::string empty = dir_.write("empty", "");
  int calls = 0;
  check::Session session;
  lesson05::with_file_bytes(empty, [&](std::span<const std::byte> bytes) {
    ++calls;
    EXPECT_TRUE(bytes.empty());
  });
  session.disarm();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(session.report().calls_of(check::Function::mmap), 0U)
      << session.trace_text();
}

using Task2Errors = Lesson05;

TEST_F(Task2Errors, MissingFileThrowsOpenEnoent) {
  const std::string path = dir_.file("absent");
  try {
    lesson05::with_file_bytes(path, [](std::span<const std::byte>) {});
    ADD_FAILURE() << "no exception for a missing file";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), std::error_code(ENOENT, std::system_category()));
    EXPECT_EQ(std::string(error.what()),
              "open(" + path + "): No such file or directory");
  }
}

TEST_F(Task2Errors, DirectoryThrowsMmapEisdir) {
  try {
    lesson05::with_file_bytes(dir_.path(), [](std::span<const std::byte>) {});
    ADD_FAILURE() << "no exception for a directory";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), std::error_code(EISDIR, std::system_category()));
    EXPECT_EQ(std::string(error.what()),
              "mmap(" + dir_.path() + "): Is a directory");
  }
}

TEST_F(Task2Errors, FifoThrowsMmapEnodevWithoutBlocking) {
  const std::string fifo = dir_.fifo("pipe");
  try {
    lesson05::with_file_bytes(fifo, [](std::span<const std::byte>) {});
    ADD_FAILURE() << "no exception for a FIFO";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), std::error_code(ENODEV, std::system_category()));
  }
}

using Task3Nesting = Lesson05;

TEST_F(Task3Nesting, UnmapsBeforeClosingAndLeavesNothing) {
  check::Session session;
  lesson05::with_file_bytes(file_, [](std::span<const std::byte>) {});
  session.disarm();
  const check::Report report = session.report();
  EXPECT_EQ(
      call_names(report),
      (std::vector<std::string>{"open", "fstat", "mmap", "munmap", "close"}))
      << session.trace_text();
  EXPECT_TRUE(report.violations.empty()) << session.trace_text();
  EXPECT_TRUE(report.leaks.empty()) << session.trace_text();
}

TEST_F(Task3Nesting, ExceptionFromTheCallbackReleasesBothAndPropagates) {
  check::Session session;
  try {
    lesson05::with_file_bytes(file_, [](std::span<const std::byte>) {
      throw std::runtime_error("stop here");
    });
    ADD_FAILURE() << "the callback's exception did not propagate";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "stop here");
  }
  session.disarm();
  const check::Report report = session.report();
  EXPECT_EQ(
      call_names(report),
      (std::vector<std::string>{"open", "fstat", "mmap", "munmap", "close"}))
      << session.trace_text();
  EXPECT_TRUE(report.violations.empty()) << session.trace_text();
  EXPECT_TRUE(report.leaks.empty()) << session.trace_text();
}

using Task4FaultSweep = Lesson05;

TEST_F(Task4FaultSweep, EveryInjectedFaultIsACleanError) {
  const std::string path = file_;
  const check::SweepReport report = check::sweep([&path]() -> check::Outcome {
    try {
      lesson05::with_file_bytes(path, [](std::span<const std::byte>) {});
      return {};
    } catch (const std::system_error& error) {
      const std::string what = error.what();
      return {what.substr(0, what.find('(')), error.code().value()};
    }
  });
  EXPECT_TRUE(report.clean.ok())
      << "the run without faults failed: " << report.clean.operation;
  ASSERT_FALSE(report.cases.empty()) << "the code made no watched call";
  for (const check::SweepCase& c : report.cases) {
    EXPECT_STREQ(check::verdict_name(c.verdict),
                 check::verdict_name(check::Verdict::clean_error))
        << check::format_fault(c.plan) << ": " << check::verdict_name(c.verdict)
        << " (reported '" << c.outcome.operation << "' errno "
        << c.outcome.error << ")"
        << (c.findings.empty() ? "" : "; " + c.findings.front());
  }
}

}  // namespace
