// Fault sweeps over the stages: every documented errno of every call,
// transient and persistent. Stages 2 to 4 must report each fault cleanly
// (the failing call, its errno, nothing leaked, nothing released twice,
// nesting kept); stage 1 must die with its message on each.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/sweep.hpp"
#include "ffikit/stage3_callback/policy.hpp"
#include "scratch_dir.hpp"
#include "stage_operations.hpp"

namespace ffikit::check {
namespace {

using testing_support::ScratchDir;

// Each of the five file operations is called once on a non-empty regular
// file, and nothing else is, so the sweep has one case per documented errno
// of each per mode.
std::size_t expected_cases() {
  std::size_t n = 0;
  for (const Function f : file_functions) {
    n += documented_errors(f).size();
  }
  return 2 * n;
}

// The faults stages 3 and 4 answer with the file's bytes by their written
// policy: a refused mmap is read instead; a close error on a read-only
// descriptor other than EBADF loses nothing.
std::vector<Recoverable> stage_policy() {
  std::vector<Recoverable> pairs;
  for (const int error : documented_errors(Function::mmap)) {
    if (stage3::read_instead_of_mapping(error)) {
      pairs.emplace_back(Function::mmap, error);
    }
  }
  for (const int error : documented_errors(Function::close)) {
    if (stage3::close_error_loses_nothing(error)) {
      pairs.emplace_back(Function::close, error);
    }
  }
  return pairs;
}

SweepOptions graded_by_the_policy() {
  SweepOptions options;
  options.recoverable = stage_policy();
  return options;
}

// Large enough to be mapped: stages 3 and 4 read smaller files.
constexpr std::size_t mapped_size = stage3::small_file_threshold;

void expect_every_case(const SweepReport& report, Verdict wanted,
                       const char* stage) {
  for (const Function f : all_functions) {
    const bool file_call =
        std::find(file_functions.begin(), file_functions.end(), f) !=
        file_functions.end();
    EXPECT_EQ(report.calls[static_cast<std::size_t>(f)], file_call ? 1U : 0U)
        << name(f);
  }
  EXPECT_TRUE(report.clean.ok()) << report.clean.operation;
  EXPECT_TRUE(report.clean_findings.empty());
  EXPECT_EQ(report.cases.size(), expected_cases());
  for (const SweepCase& c : report.cases) {
    const bool recovered = c.verdict == Verdict::recovered;
    EXPECT_TRUE(c.verdict == wanted || recovered)
        << stage << ' ' << format_fault(c.plan) << ": "
        << verdict_name(c.verdict) << " (reported " << c.outcome.operation
        << ' ' << c.outcome.error << ")"
        << (c.findings.empty() ? "" : " " + c.findings.front())
        << c.child.output;
  }
  std::cout << stage << " sweep: " << report.cases.size() << " cases, "
            << report.count(wanted) << ' ' << verdict_name(wanted) << ", "
            << report.count(Verdict::recovered) << " recovered by policy\n";
  testing::Test::RecordProperty("cases", static_cast<int>(report.cases.size()));
}

TEST(StageSweep, Stage2ReportsEveryFaultCleanly) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 5000);
  const SweepReport report =
      sweep([&] { return testing_support::run_stage2(path); });
  expect_every_case(report, Verdict::clean_error, "stage 2");
  EXPECT_EQ(report.count(Verdict::recovered), 0U)
      << "stage 2 reports what close(2) says";
}

TEST(StageSweep, Stage3ThrowsForEveryFaultCleanly) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", mapped_size);
  const SweepReport report =
      sweep([&] { return testing_support::run_stage3(path); },
            graded_by_the_policy());
  expect_every_case(report, Verdict::clean_error, "stage 3");
  EXPECT_EQ(report.count(Verdict::recovered), 2 * stage_policy().size());
}

TEST(StageSweep, Stage4ReturnsEveryFaultCleanly) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", mapped_size);
  const SweepReport report =
      sweep([&] { return testing_support::run_stage4(path); },
            graded_by_the_policy());
  expect_every_case(report, Verdict::clean_error, "stage 4");
  EXPECT_EQ(report.count(Verdict::recovered), 2 * stage_policy().size());
}

TEST(StageSweep, Stage1DiesWithItsMessageOnEveryFault) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 5000);
  SweepOptions options;
  options.in_child = true;
  const SweepReport report =
      sweep([&] { return testing_support::run_stage1(path); }, options);
  expect_every_case(report, Verdict::died_with_message, "stage 1");
  for (const SweepCase& c : report.cases) {
    EXPECT_TRUE(c.child.exited && c.child.exit_code == 70)
        << format_fault(c.plan);
    EXPECT_EQ(
        c.child.output.rfind(
            "ffikit: " + std::string(name(*c.plan.target)) + "(" + path + "): ",
            0),
        0U)
        << c.child.output;
    // Dying after open and before close abandons the descriptor (and after
    // a failed munmap, the mapping too): only process exit reclaims them.
    const bool holding = c.plan.target == Function::fstat ||
                         c.plan.target == Function::mmap ||
                         c.plan.target == Function::munmap;
    EXPECT_EQ(c.held_at_exit > 0, holding) << format_fault(c.plan);
  }
}

TEST(StageSweep, EmptyFileNeedsNoMmapInStages3And4) {
  const ScratchDir dir;
  const std::string path = dir.file("empty", 0);
  const SweepReport report =
      sweep([&] { return testing_support::run_stage4(path); },
            graded_by_the_policy());
  EXPECT_EQ(report.calls[static_cast<std::size_t>(Function::mmap)], 0U);
  EXPECT_EQ(report.calls[static_cast<std::size_t>(Function::munmap)], 0U);
  EXPECT_EQ(report.cases.size(),
            2U * (documented_errors(Function::open).size() +
                  documented_errors(Function::fstat).size() +
                  documented_errors(Function::close).size()));
  EXPECT_EQ(
      report.count(Verdict::clean_error) + report.count(Verdict::recovered),
      report.cases.size());
}

}  // namespace
}  // namespace ffikit::check
