// Lesson 5's grader: the callback API, its errors, and the checker's
// verdicts on nesting, leaks and injected faults.
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "ffikit/check/child.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/check/sweep.hpp"
#include "ffikit/lessons/sweep_cases.hpp"
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
  // Without O_NONBLOCK, open waits for a writer that never comes: call it in
  // a child process, and give up on the child after two seconds. The child
  // exits 0 for the right error, 1 for another error, 2 for none.
  const check::ChildResult child = check::run_in_child(
      [&fifo] {
        try {
          lesson05::with_file_bytes(fifo, [](std::span<const std::byte>) {});
        } catch (const std::system_error& error) {
          std::_Exit(error.code() ==
                             std::error_code(ENODEV, std::system_category())
                         ? 0
                         : 1);
        }
        std::_Exit(2);
      },
      std::chrono::seconds(2));
  ASSERT_FALSE(child.timed_out)
      << "with_file_bytes(FIFO) did not return within 2 s: opening a FIFO "
         "without O_NONBLOCK waits for a writer";
  EXPECT_TRUE(child.exited && child.exit_code == 0)
      << "a FIFO must throw a system_error with ENODEV; the child "
      << (!child.exited        ? "died of signal " +
                                   std::to_string(child.signal)
          : child.exit_code == 1 ? std::string("caught another error")
                                 : std::string("saw no exception"))
      << "\n" << child.output;
}

// What the checker saw, most telling first: each ownership or nesting
// violation named, then what was left held, then the order of the calls.
class Task3Nesting : public Lesson05 {
 protected:
  static void expect_nested(const check::Session& session) {
    const check::Report report = session.report();
    for (const check::Finding& finding : report.violations) {
      ADD_FAILURE() << check::describe(finding) << '\n'
                    << session.trace_text();
    }
    for (const check::Finding& leak : report.leaks) {
      ADD_FAILURE() << check::describe(leak) << '\n' << session.trace_text();
    }
    EXPECT_EQ(
        call_names(report),
        (std::vector<std::string>{"open", "fstat", "mmap", "munmap", "close"}))
        << session.trace_text();
  }
};

TEST_F(Task3Nesting, UnmapsBeforeClosingAndLeavesNothing) {
  check::Session session;
  lesson05::with_file_bytes(file_, [](std::span<const std::byte>) {});
  session.disarm();
  expect_nested(session);
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
  expect_nested(session);
}

using Task4FaultSweep = Lesson05;

TEST_F(Task4FaultSweep, EveryInjectedFaultIsACleanError) {
  const std::string path = file_;
  const auto operation = [&path]() -> check::Outcome {
    try {
      lesson05::with_file_bytes(path, [](std::span<const std::byte>) {});
      return {};
    } catch (const std::system_error& error) {
      const std::string what = error.what();
      return {what.substr(0, what.find('(')), error.code().value()};
    }
  };
  const check::SweepReport report = check::sweep(operation);
  ASSERT_TRUE(report.clean.ok())
      << "the run without faults failed: " << report.clean.operation;
  ASSERT_FALSE(report.cases.empty()) << "the code made no watched call";
  const std::vector<std::string> unclean =
      ffikit::lessons::unclean_cases(report, operation);
  EXPECT_TRUE(unclean.empty())
      << unclean.size() << " of " << report.cases.size()
      << " injected faults did not end in a clean error naming that call "
         "and errno:\n"
      << ffikit::lessons::first_lines(unclean);
}

}  // namespace
