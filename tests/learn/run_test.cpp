// Running a program without a shell and collecting what it printed.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "ffikit/test_support/temp_dir.hpp"
#include "run.hpp"

namespace {

using ffikit::learn::run;
using ffikit::test_support::TempDir;

TEST(RunProgram, StdoutAndStderrAreCapturedTogetherWithTheExitStatus) {
  const auto result = run({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(result.status, 3);
  EXPECT_EQ(result.output, "out\nerr\n");
}

TEST(RunProgram, ArgumentsArePassedWithoutAShell) {
  const auto result = run({"printf", "%s|", "a b", "$HOME", "*"});
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.output, "a b|$HOME|*|");
}

TEST(RunProgram, RunsInTheGivenDirectory) {
  const TempDir dir;
  const auto result = run({"pwd", "-P"}, dir.path());
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.output,
            std::filesystem::canonical(dir.path()).string() + "\n");
}

TEST(RunProgram, UnknownProgramExits127WithAReason) {
  const auto result = run({"ffikit-no-such-program"});
  EXPECT_EQ(result.status, 127);
  EXPECT_EQ(result.output,
            "cannot run ffikit-no-such-program: No such file or directory\n");
}

TEST(RunProgram, MissingDirectoryIsReportedAgainstTheProgram) {
  const TempDir dir;
  const auto result = run({"true"}, dir.join("absent"));
  EXPECT_EQ(result.status, 127);
  EXPECT_EQ(result.output, "cannot run true: No such file or directory\n");
}

TEST(RunProgram, KilledBySignalIs128) {
  const auto result = run({"sh", "-c", "kill -KILL $$"});
  EXPECT_EQ(result.status, 128);
  EXPECT_EQ(result.output, "");
}

}  // namespace
