// Running checks: exit status, signals and timeouts reported exactly, and
// explained by test name, as a student reads them.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "executor.hpp"
#include "explain.hpp"
#include "ffikit/test_support/temp_dir.hpp"

namespace {

using ffikit::learn::Command;
using ffikit::learn::Ending;
using ffikit::learn::explain;
using ffikit::learn::run_commands;
using ffikit::learn::signal_text;
using ffikit::test_support::TempDir;

Command shell(std::string script, double timeout = 0) {
  Command command;
  command.name = "check";
  command.argv = {"sh", "-c", std::move(script)};
  command.timeout = timeout;
  return command;
}

Ending run_one(const Command& command) {
  return run_commands({command}, 1).front();
}

TEST(RunCommands, ExitStatusAndOutputAreKept) {
  const Ending ending = run_one(shell("echo out; echo err >&2; exit 3"));
  EXPECT_TRUE(ending.started);
  EXPECT_TRUE(ending.exited);
  EXPECT_EQ(ending.exit_code, 3);
  EXPECT_EQ(ending.signal, 0);
  EXPECT_FALSE(ending.timed_out);
  EXPECT_EQ(ending.output, "out\nerr\n");
  EXPECT_FALSE(ending.passed());
}

TEST(RunCommands, EnvironmentAndDirectoryAreApplied) {
  const TempDir dir;
  Command command = shell("printf '%s %s' \"$FFIKIT_PROBE\" \"$(pwd -P)\"");
  command.environment = {"FFIKIT_PROBE=yes"};
  command.directory = dir.path();
  const Ending ending = run_one(command);
  EXPECT_TRUE(ending.passed());
  EXPECT_EQ(ending.output,
            "yes " + std::filesystem::canonical(dir.path()).string());
}

TEST(RunCommands, ResultsComeBackInTheOrderGivenWhateverFinishesFirst) {
  const std::vector<Ending> endings =
      run_commands({shell("sleep 0.3; echo first"), shell("echo second"),
                    shell("echo third; exit 1")},
                   2);
  ASSERT_EQ(endings.size(), 3U);
  EXPECT_EQ(endings[0].output, "first\n");
  EXPECT_EQ(endings[1].output, "second\n");
  EXPECT_EQ(endings[2].output, "third\n");
  EXPECT_EQ(endings[2].exit_code, 1);
}

TEST(RunCommands, MissingProgramIsNotStartedWithAReason) {
  Command command;
  command.argv = {"ffikit-no-such-program"};
  const Ending ending = run_one(command);
  EXPECT_EQ(ending.exit_code, 127);
  EXPECT_EQ(ending.output,
            "cannot run ffikit-no-such-program: No such file or directory\n");
}

TEST(RunCommands, SignalIsReportedAsSuch) {
  const Ending ending = run_one(shell("kill -BUS $$"));
  EXPECT_FALSE(ending.exited);
  EXPECT_EQ(ending.signal, SIGBUS);
  EXPECT_EQ(signal_text(SIGBUS), "SIGBUS (Bus error)");
}

TEST(RunCommands, TimeoutKillsTheWholeProcessGroupQuickly) {
  const auto start = std::chrono::steady_clock::now();
  // The shell's child (sleep) keeps the output pipe open: only killing the
  // group ends the wait.
  const Ending ending = run_one(shell("echo waiting; sleep 30; echo never", 1));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_TRUE(ending.timed_out);
  EXPECT_EQ(ending.signal, SIGKILL);
  EXPECT_EQ(ending.output, "waiting\n");
  EXPECT_LT(seconds, 5.0) << "the check was not stopped at its timeout";
}

TEST(RunCommands, AChecksProcessDiesWithTheRunner) {
  const TempDir dir;
  const std::string pid_file = dir.join("pid");
  // A stand-in for the runner, in its own process: it starts a check that
  // would sleep for half a minute, and is then killed.
  // SAFETY: the test is single-threaded; the child only runs the command.
  const pid_t runner = ::fork();
  ASSERT_GE(runner, 0);
  if (runner == 0) {
    static_cast<void>(run_commands(
        {shell("echo $$ > '" + pid_file + "'; exec sleep 30")}, 1));
    ::_exit(0);
  }
  std::string pid;
  for (int i = 0; i < 200 && pid.empty(); ++i) {
    ::usleep(10000);
    std::ifstream in(pid_file);
    std::getline(in, pid);
  }
  ASSERT_FALSE(pid.empty()) << "the check never started";
  ::kill(runner, SIGKILL);
  ::waitpid(runner, nullptr, 0);
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    // SAFETY: signal 0 only asks whether the process exists.
    gone = ::kill(std::stoi(pid), 0) != 0 && errno == ESRCH;
    ::usleep(10000);
  }
  EXPECT_TRUE(gone) << "the check outlived the runner";
}

// A GoogleTest binary's output up to a test that never finishes.
constexpr const char* gtest_prefix =
    "echo '[==========] Running 2 tests from 1 test suite.'; "
    "echo '[ RUN      ] Task2Close.ReportsOnce'; "
    "echo '[       OK ] Task2Close.ReportsOnce (0 ms)'; "
    "echo '[ RUN      ] Task2Close.NeverRetries'; "
    "echo 'about to close';";

TEST(ExplainCheck, CrashNamesTheTestAndTheSignalAndShowsTheLastLines) {
  const Ending ending =
      run_one(shell(std::string(gtest_prefix) + " kill -SEGV $$"));
  const auto explained = explain(ending, "unit", {});
  EXPECT_EQ(explained.test, "Task2Close.NeverRetries");
  EXPECT_EQ(
      explained.summary,
      "Task2Close.NeverRetries crashed with SIGSEGV (Segmentation fault)");
  ASSERT_FALSE(explained.details.empty());
  EXPECT_EQ(explained.details.front(), "last lines it printed:");
  EXPECT_EQ(explained.details.back(), "about to close");
}

TEST(ExplainCheck, HangNamesTheTestAndTheTimeoutWithinSeconds) {
  const auto start = std::chrono::steady_clock::now();
  const Ending ending =
      run_one(shell(std::string(gtest_prefix) + " sleep 30", 1));
  const auto explained = explain(ending, "lifetime", {});
  EXPECT_EQ(explained.summary, "Task2Close.NeverRetries timed out after 1 s");
  EXPECT_EQ(explained.details.back(), "about to close");
  EXPECT_LT(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count(),
      5.0);
}
}  // namespace
