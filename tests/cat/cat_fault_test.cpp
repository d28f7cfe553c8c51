// ffikit-cat's core under faults the checker injects: a refused mmap is
// answered by reading the same descriptor (ENODEV on FUSE, EACCES on sysfs,
// ENOMEM under `ulimit -v`), a failed close of the read-only input loses
// nothing but EBADF, and a sweep graded by that written policy is clean.
#include <gtest/gtest.h>

#include <cerrno>
#include <iostream>
#include <string>
#include <vector>

#include "cat_test_support.hpp"
#include "ffikit/cat/cat.hpp"
#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/fault.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/check/sweep.hpp"
#include "ffikit/test_support/temp_dir.hpp"

namespace check = ffikit::check;
using ffikit::Error;
using ffikit::cat::copy_operand;
using ffikit::cat::Route;
using ffikit::cat::Side;
using ffikit::cat::Streams;
using ffikit::cat_test::open_for_writing;
using ffikit::cat_test::pattern_bytes;
using ffikit::cat_test::read_file;
using ffikit::stage2::FileDescriptor;
using ffikit::test_support::TempDir;

namespace {

std::error_code errno_code(int value) {
  return {value, std::system_category()};
}

check::Options failing(check::Function function, int error) {
  return check::Options{check::Nesting::strict, false,
                        check::FaultPlan{function, 1, error, false}};
}

std::vector<check::Recoverable> written_policy() {
  std::vector<check::Recoverable> pairs;
  for (const int error : check::documented_errors(check::Function::mmap)) {
    if (ffikit::stage3::read_instead_of_mapping(error)) {
      pairs.emplace_back(check::Function::mmap, error);
    }
  }
  for (const int error : check::documented_errors(check::Function::close)) {
    if (ffikit::stage3::close_error_loses_nothing(error)) {
      pairs.emplace_back(check::Function::close, error);
    }
  }
  return pairs;
}

}  // namespace

TEST(CatFaults, RefusedMmapIsReadFromTheSameDescriptor) {
  TempDir dir;
  const std::string content =
      pattern_bytes(ffikit::stage3::small_file_threshold + 7, 31);
  const std::string file = dir.write("big", content);
  for (const int error : {ENODEV, EACCES, ENOMEM}) {
    const std::string out_path = dir.join("out-" + std::to_string(error));
    const FileDescriptor out = open_for_writing(out_path);
    check::Session session(failing(check::Function::mmap, error));
    const auto copied = copy_operand(file, Streams{-1, out.get(), -1});
    session.disarm();
    ASSERT_TRUE(copied) << error << ": " << copied.error().error;
    EXPECT_EQ(copied->route, Route::read_unmappable) << error;
    EXPECT_EQ(session.report().calls_of(check::Function::open), 1U)
        << "read from the descriptor it already had, not reopened";
    EXPECT_TRUE(session.report().leaks.empty()) << error;
    EXPECT_TRUE(read_file(out_path) == content) << error;
  }
}

TEST(CatFaults, OtherMmapErrorsAreReportedAsMmap) {
  TempDir dir;
  const std::string file =
      dir.write("big", std::string(ffikit::stage3::small_file_threshold, 'b'));
  const FileDescriptor out = open_for_writing(dir.join("out"));
  check::Session session(failing(check::Function::mmap, EINVAL));
  const auto copied = copy_operand(file, Streams{-1, out.get(), -1});
  session.disarm();
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().side, Side::input);
  EXPECT_EQ(copied.error().error, Error("mmap", errno_code(EINVAL), file));
  EXPECT_TRUE(session.report().leaks.empty());
}

TEST(CatFaults, CloseErrorsOfTheInputLoseNothingButEbadf) {
  TempDir dir;
  const std::string file = dir.write("small", "small\n");
  for (const int error : {EINTR, EIO, EBADF}) {
    const FileDescriptor out = open_for_writing(dir.join("out"));
    check::Session session(failing(check::Function::close, error));
    const auto copied = copy_operand(file, Streams{-1, out.get(), -1});
    session.disarm();
    if (error == EBADF) {
      ASSERT_FALSE(copied);
      EXPECT_EQ(copied.error().error, Error("close", errno_code(EBADF), file));
    } else {
      EXPECT_TRUE(copied) << error << ": " << copied.error().error;
    }
    EXPECT_TRUE(session.report().leaks.empty()) << error;
  }
}

// Every watched call of one copy failed with every errno its man page
// lists, once and persistently, on each route: reported with the call and
// errno, or recovered by the written policy; nothing leaked.
TEST(CatFaults, SweepIsCleanUnderTheWrittenPolicyOnEveryRoute) {
  TempDir dir;
  const FileDescriptor out = open_for_writing(dir.join("out"));
  const std::vector<std::string> operands = {
      dir.write("big", pattern_bytes(ffikit::stage3::small_file_threshold, 32)),
      dir.write("small", "small\n"), dir.write("empty", ""), "/proc/version",
      "/dev/null"};
  check::SweepOptions options;
  options.recoverable = written_policy();
  for (const std::string& operand : operands) {
    const check::SweepReport report = check::sweep(
        [&]() -> check::Outcome {
          const auto copied = copy_operand(operand, Streams{-1, out.get(), -1});
          if (copied) {
            return {};
          }
          return {copied.error().error.operation(),
                  copied.error().error.code().value()};
        },
        options);
    EXPECT_TRUE(report.clean.ok()) << operand;
    ASSERT_FALSE(report.cases.empty()) << operand;
    for (const check::SweepCase& c : report.cases) {
      EXPECT_TRUE(c.verdict == check::Verdict::clean_error ||
                  c.verdict == check::Verdict::recovered)
          << operand << ' ' << check::format_fault(c.plan) << ": "
          << check::verdict_name(c.verdict) << " (" << c.outcome.operation
          << ' ' << c.outcome.error << ')';
    }
    std::cout << operand << ": " << report.cases.size() << " cases, "
              << report.count(check::Verdict::recovered)
              << " recovered by policy\n";
  }
}
