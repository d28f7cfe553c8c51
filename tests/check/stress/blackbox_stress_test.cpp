// The same stresses from the outside, through ffikit-faultrun and the
// preload library, on C programs nobody wrote for the checker's sake:
// threads, a multithreaded parent that forks, a signal storm, and a million
// calls whose memory is compared with an unwatched run.
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "ffikit/check/child.hpp"
#include "scratch_dir.hpp"
#include "stress_scale.hpp"

namespace ffikit::check {
namespace {

using stress::scaled;
using ::testing::HasSubstr;
using ::testing::Not;
using testing_support::ScratchDir;

ChildResult run(std::vector<std::string> args) {
  return run_in_child(
      [&] {
        std::vector<char*> raw;
        for (std::string& arg : args) {
          raw.push_back(arg.data());
        }
        raw.push_back(nullptr);
        // SAFETY: raw is a NULL-terminated array of NUL-terminated strings
        // that outlive the call.
        ::execv(raw[0], raw.data());
        ::_exit(127);
      },
      std::chrono::seconds(120));
}

ChildResult traced(const std::string& program,
                   const std::vector<std::string>& args) {
  std::vector<std::string> command = {FFIKIT_FAULTRUN, "--trace", "--timeout",
                                      "100",           "--",      program};
  command.insert(command.end(), args.begin(), args.end());
  return run(command);
}

// The summary line's verdict and the absence of any finding line.
void expect_clean(const ChildResult& r) {
  EXPECT_EQ(r.exit_code, 0)
      << r.output.substr(r.output.size() > 4000 ? r.output.size() - 4000 : 0);
  EXPECT_THAT(r.output, Not(HasSubstr("violation:")));
  EXPECT_THAT(r.output, Not(HasSubstr("leak:")));
  EXPECT_THAT(r.output, HasSubstr("; ok\n"));
}

class BlackBoxStress : public ::testing::Test {
 protected:
  ScratchDir dir;
  std::string file = dir.file("target", 100);
};

TEST_F(BlackBoxStress, EightThreadsTwentyRunsNoFinding) {
  const std::string per_thread = std::to_string(scaled(20000));
  const std::size_t runs = scaled(20) < 2 ? 2 : scaled(20);
  for (std::size_t i = 0; i < runs; ++i) {
    const ChildResult r = traced(FFIKIT_STRESS_THREADS, {file, per_thread});
    expect_clean(r);
    if (HasFailure()) {
      FAIL() << "run " << i;
    }
  }
}

TEST_F(BlackBoxStress, TwoHundredForksOfAMultithreadedParentNeverHang) {
  const ChildResult r =
      traced(FFIKIT_STRESS_FORKS, {file, std::to_string(scaled(200))});
  expect_clean(r);
  EXPECT_THAT(r.output, Not(HasSubstr("hung")));
  // Every child reported on its own: the parent and its children.
  EXPECT_THAT(r.output,
              HasSubstr("; " + std::to_string(scaled(200) + 1) + " processes"));
}

TEST_F(BlackBoxStress, SignalStormWhoseHandlerOpensAndClosesNeverCrashes) {
  const ChildResult r =
      traced(FFIKIT_STRESS_SIGNALS, {file, std::to_string(scaled(20000))});
  expect_clean(r);
}

long peak_kib(const std::string& output) {
  const std::size_t at = output.find("peak-kib ");
  return at == std::string::npos ? -1 : std::stol(output.substr(at + 9));
}

TEST_F(BlackBoxStress, AMillionCallsCostAFewMebibytesAtMost) {
  const std::string pairs = std::to_string(scaled(500000));
  const ChildResult watched = traced(FFIKIT_STRESS_CALLS, {file, pairs});
  expect_clean(watched);
  const ChildResult plain = run({FFIKIT_STRESS_CALLS, file, pairs});
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  const long with = peak_kib(watched.output);
  const long without = peak_kib(plain.output);
  ASSERT_GT(with, 0) << watched.output;
  ASSERT_GT(without, 0) << plain.output;
  std::cout << "peak resident: " << without << " KiB unwatched, " << with
            << " KiB watched, over " << 2 * std::stol(pairs) << " calls\n";
  RecordProperty("overhead_kib", static_cast<int>(with - without));
  EXPECT_LT(with - without, 8 * 1024);
}

}  // namespace
}  // namespace ffikit::check
