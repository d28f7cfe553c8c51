// The build's job count, what a first build says it is doing, and CTest's
// list of checks read as commands.
#include <gtest/gtest.h>

#include <string>

#include "build.hpp"
#include "ctest_list.hpp"
#include "json.hpp"

namespace {

using ffikit::learn::build_jobs;
using ffikit::learn::describe_build_plan;
using ffikit::learn::parse_ctest_tests;

TEST(BuildJobs, ParallelLevelWinsOverTheCoreCount) {
  EXPECT_EQ(build_jobs("3", 8), 3U);
  EXPECT_EQ(build_jobs("1", 2), 1U);
}

TEST(BuildJobs, CoreCountWhenTheLevelIsUnsetOrNotAPositiveNumber) {
  EXPECT_EQ(build_jobs(nullptr, 2), 2U);
  EXPECT_EQ(build_jobs("", 4), 4U);
  EXPECT_EQ(build_jobs("0", 4), 4U);
  EXPECT_EQ(build_jobs("-2", 4), 4U);
  EXPECT_EQ(build_jobs("2x", 4), 4U);
}

TEST(BuildJobs, AtLeastOneJob) { EXPECT_EQ(build_jobs(nullptr, 0), 1U); }

TEST(DescribeBuildPlan, NamesWhatAFirstBuildCompiles) {
  const std::string plan =
      "[1/6] Building CXX object "
      "src/check/CMakeFiles/ffikit_check.dir/session.cpp.o\n"
      "[2/6] Building CXX object "
      "src/check/CMakeFiles/ffikit_check.dir/sweep.cpp.o\n"
      "[3/6] Building CXX object src/stage2_raii/CMakeFiles/s2.dir/fd.cpp.o\n"
      "[4/6] Building CXX object "
      "lessons/CMakeFiles/lesson05_test_objects.dir/05/tests/t.cpp.o\n"
      "[5/6] Building CXX object "
      "lessons/CMakeFiles/lesson05_work_code.dir/student/05/w.cpp.o\n"
      "[6/6] Linking CXX executable lessons/lesson05_work_tests\n";
  EXPECT_EQ(describe_build_plan(plan, 3),
            "6 steps: the lifetime checker (src/check), stage 2 "
            "(src/stage2_raii), the grader, your code");
}

TEST(DescribeBuildPlan, ASmallRebuildSaysNothing) {
  EXPECT_EQ(describe_build_plan(
                "[1/2] Building CXX object lessons/x_work_code.dir/w.cpp.o\n"
                "[2/2] Linking CXX executable lessons/lesson05_work_tests\n",
                6),
            std::nullopt);
  EXPECT_EQ(describe_build_plan("ninja: no work to do.\n", 0), std::nullopt);
}

TEST(ParseCtestTests, CommandEnvironmentDirectoryAndTimeout) {
  const auto tests = parse_ctest_tests(R"({"kind": "ctestInfo", "tests": [
    {"name": "lesson05.task3.asan@work",
     "command": ["/b/lesson05_work_tests_asan", "--gtest_filter=Task3*.*"],
     "properties": [
       {"name": "ENVIRONMENT", "value": ["ASAN_OPTIONS=a=1", "X=2"]},
       {"name": "LABELS", "value": ["lesson05"]},
       {"name": "TIMEOUT", "value": 30.0},
       {"name": "WORKING_DIRECTORY", "value": "/b/lessons"}]},
    {"name": "no.command"}]})");
  ASSERT_EQ(tests.size(), 1U);
  const auto& command = tests.at("lesson05.task3.asan@work");
  EXPECT_EQ(command.argv,
            (std::vector<std::string>{"/b/lesson05_work_tests_asan",
                                      "--gtest_filter=Task3*.*"}));
  EXPECT_EQ(command.environment,
            (std::vector<std::string>{"ASAN_OPTIONS=a=1", "X=2"}));
  EXPECT_EQ(command.directory, "/b/lessons");
  EXPECT_EQ(command.timeout, 30.0);
}

TEST(ParseCtestTests, NotJsonThrows) {
  EXPECT_THROW(static_cast<void>(parse_ctest_tests("ctest: error")),
               ffikit::learn::JsonError);
}

}  // namespace
