// The policy stages 3 and 4 follow when a call fails, pinned with faults the
// checker injects: a refused mmap is answered by reading the file, a failed
// close of a read-only descriptor loses nothing, and a sweep over every
// call, errno and mode graded by that written policy is 100% clean.
#include <gtest/gtest.h>

#include <cerrno>
#include <functional>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/fault.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/check/sweep.hpp"
#include "ffikit/stage3_callback/failure.hpp"
#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"
#include "ffikit/stage4_result/map_descriptor.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"
#include "ffikit/test_support/temp_dir.hpp"
#include "hostile_files.hpp"

namespace check = ffikit::check;
using ffikit::Error;
using ffikit::test_support::TempDir;
using Bytes = std::span<const std::byte>;

namespace {

std::error_code errno_code(int value) {
  return {value, std::system_category()};
}

std::string as_string(Bytes bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

check::Options failing(const std::string& plan) {
  check::Options options;
  options.fault = check::parse_fault(plan);
  EXPECT_TRUE(options.fault.has_value()) << plan;
  return options;
}

std::string large_content() {
  std::string content(2 * ffikit::stage3::small_file_threshold + 11, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) {
    content[i] = static_cast<char>(i * 7 % 251);
  }
  return content;
}

// The (call, errno) pairs stages 3 and 4 may answer with success, taken
// from their policy functions over the checker's errno catalog: a refused
// mmap is read instead; a close error on a read-only descriptor loses
// nothing.
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

// Stage 4 on @p path, as a sweep operation: the failed step and errno, or
// success; a message that is not exactly "OP(PATH): REASON" is reported as
// malformed.
check::Outcome stage4_outcome(const std::string& path) {
  const auto result =
      ffikit::stage4::try_with_mmap_file_contents(path, as_string);
  if (result) {
    return {};
  }
  const Error& error = result.error();
  if (error.message() !=
      ffikit::stage3::describe(error.operation(), path, error.code())) {
    return {"malformed: " + error.message(), error.code().value()};
  }
  return {error.operation(), error.code().value()};
}

check::Outcome stage3_outcome(const std::string& path) {
  try {
    static_cast<void>(ffikit::stage3::with_mmap_file_contents(path, as_string));
    return {};
  } catch (const std::system_error& error) {
    const std::string what = error.what();
    const std::string operation = what.substr(0, what.find('('));
    if (what != ffikit::stage3::describe(operation, path, error.code())) {
      return {"malformed: " + what, error.code().value()};
    }
    return {operation, error.code().value()};
  }
}

void expect_clean_under_the_policy(const check::SweepReport& report,
                                   const std::string& what) {
  EXPECT_TRUE(report.clean.ok()) << what << ": " << report.clean.operation;
  EXPECT_TRUE(report.clean_findings.empty()) << what;
  ASSERT_FALSE(report.cases.empty()) << what;
  for (const check::SweepCase& c : report.cases) {
    EXPECT_TRUE(c.verdict == check::Verdict::clean_error ||
                c.verdict == check::Verdict::recovered)
        << what << ' ' << check::format_fault(c.plan) << ": "
        << check::verdict_name(c.verdict) << " (reported "
        << c.outcome.operation << ' ' << c.outcome.error << ")"
        << (c.findings.empty() ? "" : " " + c.findings.front());
  }
  std::cout << what << ": " << report.cases.size() << " cases, "
            << report.count(check::Verdict::clean_error) << " clean errors, "
            << report.count(check::Verdict::recovered)
            << " recovered by policy\n";
}

}  // namespace

// ENODEV (FUSE, virtiofs, GPFS), EACCES (sysfs) and ENOMEM (no room):
// the callback gets the same bytes, read instead of mapped.
TEST(MmapRefusal, IsAnsweredByReadingTheFile) {
  TempDir dir;
  const std::string content = large_content();
  const std::string file = dir.write("f", content);
  for (const char* error : {"ENODEV", "EACCES", "ENOMEM"}) {
    check::Session session(failing(std::string("mmap:1:") + error));
    const auto result =
        ffikit::stage4::try_with_mmap_file_contents(file, as_string);
    session.disarm();
    ASSERT_TRUE(result.has_value()) << error << ": " << result.error();
    EXPECT_TRUE(*result == content) << error;
    const check::Report report = session.report();
    EXPECT_TRUE(report.fault_fired) << error;
    EXPECT_EQ(report.calls_of(check::Function::munmap), 0U) << error;
    EXPECT_TRUE(report.leaks.empty()) << error;
    EXPECT_TRUE(report.violations.empty()) << error;
  }
}

TEST(MmapRefusal, OtherErrnosAreReportedAsMmap) {
  TempDir dir;
  const std::string file = dir.write("f", large_content());
  for (const int error : {EINVAL, EAGAIN, EOVERFLOW, EPERM}) {
    check::FaultPlan plan{check::Function::mmap, 1, error, false};
    check::Session session(check::Options{check::Nesting::strict, false, plan});
    const auto result =
        ffikit::stage4::try_with_mmap_file_contents(file, as_string);
    session.disarm();
    ASSERT_FALSE(result.has_value()) << error;
    EXPECT_EQ(result.error(), Error("mmap", errno_code(error), file));
    EXPECT_TRUE(session.report().leaks.empty()) << error;
  }
}

TEST(MapDescriptorFault, FailedMmapIsReportedWithTheDescriptorsName) {
  TempDir dir;
  const std::string path = dir.write("f", large_content());
  std::error_code error;
  const ffikit::stage2::FileDescriptor fd =
      ffikit::stage2::open_read_only(path, error);
  ASSERT_FALSE(error);
  check::Session session(failing("mmap:1:ENOMEM"));
  const auto mapped = ffikit::stage4::map_descriptor(fd, {}, path);
  session.disarm();
  ASSERT_FALSE(mapped.has_value());
  EXPECT_EQ(mapped.error(), Error("mmap", errno_code(ENOMEM), path));
  EXPECT_TRUE(session.report().leaks.empty());
}

// Every call of stages 3 and 4 failed with every errno its man page lists,
// once and persistently, on every kind of file they read: each fault is
// reported (the call and its errno) or, where the written policy says so,
// answered with the file's bytes; nothing leaks, nothing breaks nesting.
namespace {

void expect_clean_on_every_kind_of_file(
    const std::function<check::Outcome(const std::string&)>& outcome,
    const std::string& stage) {
  TempDir dir;
  const std::vector<std::string> paths = {
      dir.write("large", large_content()), dir.write("small", "small\n"),
      dir.write("empty", ""), "/proc/version"};
  check::SweepOptions options;
  options.recoverable = written_policy();
  for (const std::string& path : paths) {
    expect_clean_under_the_policy(
        check::sweep([&] { return outcome(path); }, options),
        stage + " on " + path);
  }
}

}  // namespace

TEST(PolicySweep, Stage4IsCleanOnLargeSmallEmptyAndProcFiles) {
  expect_clean_on_every_kind_of_file(stage4_outcome, "stage 4");
}

TEST(PolicySweep, Stage3IsCleanOnLargeSmallEmptyAndProcFiles) {
  expect_clean_on_every_kind_of_file(stage3_outcome, "stage 3");
}

TEST(PolicySweep, RecoveredCasesAreExactlyThePolicysPairs) {
  TempDir dir;
  const std::string path = dir.write("large", large_content());
  check::SweepOptions options;
  options.recoverable = written_policy();
  const check::SweepReport report =
      check::sweep([&] { return stage4_outcome(path); }, options);
  // One call of each kind on a mapped file: each pair once per mode.
  EXPECT_EQ(report.count(check::Verdict::recovered),
            2 * options.recoverable.size());
}

// A region of a borrowed descriptor, composed by hand as a caller of
// map_descriptor would: every call it makes (open, fstat, mmap, munmap,
// close), failed with every documented errno in both modes, is reported
// naming that call and errno, and nothing leaks.
TEST(PolicySweep, MapDescriptorReportsEveryFault) {
  TempDir dir;
  const std::string path = dir.write("f", large_content());
  const auto map_a_region = [&]() -> check::Outcome {
    std::error_code error;
    ffikit::stage2::FileDescriptor fd =
        ffikit::stage2::open_read_only(path, error);
    if (error) {
      return {"open", error.value()};
    }
    ffikit::stage4::MapRequest request;
    request.offset = 5000;
    request.length = 3000;
    auto mapped = ffikit::stage4::map_descriptor(fd, request, path);
    if (!mapped) {
      static_cast<void>(fd.close());
      return {mapped.error().operation(), mapped.error().code().value()};
    }
    if (const std::error_code unmapped = mapped->unmap()) {
      static_cast<void>(fd.close());
      return {"munmap", unmapped.value()};
    }
    if (const std::error_code closed = fd.close()) {
      return {"close", closed.value()};
    }
    return {};
  };
  const check::SweepReport report = check::sweep(map_a_region);
  EXPECT_TRUE(report.clean.ok()) << report.clean.operation;
  ASSERT_FALSE(report.cases.empty());
  for (const check::SweepCase& c : report.cases) {
    EXPECT_EQ(c.verdict, check::Verdict::clean_error)
        << check::format_fault(c.plan) << ": " << check::verdict_name(c.verdict)
        << " (reported " << c.outcome.operation << ' ' << c.outcome.error
        << ")";
  }
}

// Refused files make no call at all: nothing for a fault to hit.
TEST(PolicySweep, RefusedFilesMakeNoWatchedCall) {
  TempDir dir;
  for (const std::string& path :
       {dir.path(), dir.make_fifo("fifo"), std::string("/dev/null")}) {
    const check::SweepReport report =
        check::sweep([&] { return stage4_outcome(path); });
    EXPECT_TRUE(report.cases.empty()) << path;
    EXPECT_EQ(report.clean.operation, "check") << path;
  }
}
