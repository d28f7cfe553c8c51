// Judging fault cases: every verdict's name, and how a child's end is read:
// a survivor by the line it printed, a hung or crashed child by its status,
// a child that ended early by whether its output names the injected call.
#include <cerrno>
#include <csignal>

#include <gtest/gtest.h>

#include "ffikit/check/sweep.hpp"

namespace ffikit::check {
namespace {

const FaultPlan mmap_enomem{Function::mmap, 1, ENOMEM, false};

ChildResult survivor(std::string output) {
  ChildResult child;
  child.exited = true;
  child.exit_code = 0;
  child.output = std::move(output);
  return child;
}

TEST(VerdictName, EveryVerdictHasItsName) {
  EXPECT_STREQ(verdict_name(Verdict::clean_error), "clean error");
  EXPECT_STREQ(verdict_name(Verdict::swallowed), "swallowed");
  EXPECT_STREQ(verdict_name(Verdict::wrong_error), "wrong error");
  EXPECT_STREQ(verdict_name(Verdict::leaked), "leaked");
  EXPECT_STREQ(verdict_name(Verdict::violated), "violated");
  EXPECT_STREQ(verdict_name(Verdict::not_reached), "not reached");
  EXPECT_STREQ(verdict_name(Verdict::died_with_message), "died with message");
  EXPECT_STREQ(verdict_name(Verdict::died_otherwise), "died without message");
  EXPECT_STREQ(verdict_name(Verdict::crashed), "crashed");
  EXPECT_STREQ(verdict_name(Verdict::hung), "hung");
  EXPECT_STREQ(verdict_name(Verdict::not_started), "not started");
}

TEST(VerdictName, UnknownVerdictHasAName) {
  EXPECT_STREQ(verdict_name(static_cast<Verdict>(200)), "?");
}

TEST(Judge, AnyTargetPlanCannotBeJudgedClean) {
  // Without a target the judge cannot tell which call was failed, so even
  // the right operation and errno count as a wrong error.
  const FaultPlan any{std::nullopt, 1, ENOMEM, false};
  EXPECT_EQ(judge(any, {"mmap", ENOMEM}, true, 0, 0), Verdict::wrong_error);
  EXPECT_EQ(judge(any, {}, true, 0, 0), Verdict::swallowed);
}

TEST(JudgeChild, TimeoutWinsOverTheKillSignal) {
  ChildResult child;
  child.timed_out = true;
  child.signal = SIGKILL;
  child.output = "ffikit: mmap(/f): Cannot allocate memory\n";
  EXPECT_EQ(judge_child(mmap_enomem, child), Verdict::hung);
}

TEST(JudgeChild, SignalWinsOverAMessage) {
  ChildResult child;
  child.signal = SIGSEGV;
  child.output = "ffikit: mmap(/f): Cannot allocate memory\n";
  EXPECT_EQ(judge_child(mmap_enomem, child), Verdict::crashed);
}

TEST(JudgeChild, SurvivorReportingTheInjectedErrorIsClean) {
  EXPECT_EQ(
      judge_child(mmap_enomem, survivor("output of the code under test\n"
                                        "ffikit-sweep: error mmap 12 leaks 0 "
                                        "violations 0 fired 1\n")),
      Verdict::clean_error);
}

TEST(JudgeChild, SurvivorLineIsJudgedLikeAnInProcessRun) {
  EXPECT_EQ(judge_child(mmap_enomem,
                        survivor("ffikit-sweep: ok - 0 leaks 0 violations 0 "
                                 "fired 1\n")),
            Verdict::swallowed);
  EXPECT_EQ(
      judge_child(mmap_enomem, survivor("ffikit-sweep: error mmap 22 leaks 0 "
                                        "violations 0 fired 1\n")),
      Verdict::wrong_error);
  EXPECT_EQ(
      judge_child(mmap_enomem, survivor("ffikit-sweep: error fstat 12 leaks 0 "
                                        "violations 0 fired 1\n")),
      Verdict::wrong_error);
  EXPECT_EQ(judge_child(mmap_enomem,
                        survivor("ffikit-sweep: ok - 0 leaks 0 violations 0 "
                                 "fired 0\n")),
            Verdict::not_reached);
  EXPECT_EQ(
      judge_child(mmap_enomem, survivor("ffikit-sweep: error mmap 12 leaks 2 "
                                        "violations 0 fired 1\n")),
      Verdict::leaked);
  EXPECT_EQ(
      judge_child(mmap_enomem, survivor("ffikit-sweep: error mmap 12 leaks 2 "
                                        "violations 1 fired 1\n")),
      Verdict::violated);
}

TEST(JudgeChild, LineIsIgnoredUnlessTheChildExitedZero) {
  ChildResult child =
      survivor("ffikit-sweep: error mmap 12 leaks 0 violations 0 fired 1\n");
  child.exit_code = 1;
  EXPECT_EQ(judge_child(mmap_enomem, child), Verdict::died_otherwise);
}

TEST(JudgeChild, ExitZeroWithoutTheLineDiedOtherwise) {
  EXPECT_EQ(judge_child(mmap_enomem, survivor("ffikit-sweep-exit: held 1\n")),
            Verdict::died_otherwise);
  EXPECT_EQ(judge_child(mmap_enomem, survivor("")), Verdict::died_otherwise);
}

TEST(JudgeChild, MessageNamingTheCallCountsEvenOnExitZero) {
  EXPECT_EQ(judge_child(mmap_enomem,
                        survivor("ffikit: mmap(/f): Cannot allocate memory\n")),
            Verdict::died_with_message);
}

TEST(JudgeChild, ChildThatCouldNotBeStartedIsNotStarted) {
  ChildResult child;
  child.spawn_error = EAGAIN;
  EXPECT_EQ(judge_child(mmap_enomem, child), Verdict::not_started);
}

TEST(JudgeChild, ChildWithNoStatusDiedOtherwise) {
  // Neither exited, signalled nor timed out, yet started: not a survivor.
  EXPECT_EQ(judge_child(mmap_enomem, ChildResult{}), Verdict::died_otherwise);
}

TEST(JudgeChild, AnyTargetPlanNeverDiesWithMessage) {
  ChildResult child;
  child.exited = true;
  child.exit_code = 70;
  child.output = "ffikit: mmap(/f): Cannot allocate memory\n";
  EXPECT_EQ(judge_child(FaultPlan{std::nullopt, 1, ENOMEM, false}, child),
            Verdict::died_otherwise);
  EXPECT_EQ(judge_child(mmap_enomem, child), Verdict::died_with_message);
}

TEST(Judge, ExactOperationAndErrnoIsClean) {
  const FaultPlan plan{Function::mmap, 1, ENOMEM, false};
  EXPECT_EQ(judge(plan, {"mmap", ENOMEM}, true, 0, 0), Verdict::clean_error);
  EXPECT_EQ(judge(plan, {"mmap", EINVAL}, true, 0, 0), Verdict::wrong_error);
  EXPECT_EQ(judge(plan, {"open", ENOMEM}, true, 0, 0), Verdict::wrong_error);
  EXPECT_EQ(judge(plan, {}, true, 0, 0), Verdict::swallowed);
  EXPECT_EQ(judge(plan, {"mmap", ENOMEM}, false, 0, 0), Verdict::not_reached);
  EXPECT_EQ(judge(plan, {"mmap", ENOMEM}, true, 1, 0), Verdict::leaked);
  EXPECT_EQ(judge(plan, {"mmap", ENOMEM}, true, 1, 1), Verdict::violated);
}

TEST(Judge, ChildThatDiesNamingTheCallDiedWithMessage) {
  const FaultPlan plan{Function::open, 1, EACCES, false};
  ChildResult child;
  child.exited = true;
  child.exit_code = 70;
  child.output = "ffikit: open(/f): Permission denied\n";
  EXPECT_EQ(judge_child(plan, child), Verdict::died_with_message);
  child.output = "ffikit: open(/f): No such file or directory\n";
  EXPECT_EQ(judge_child(plan, child), Verdict::died_otherwise);
  child.exited = false;
  child.signal = 11;
  EXPECT_EQ(judge_child(plan, child), Verdict::crashed);
}

}  // namespace
}  // namespace ffikit::check
