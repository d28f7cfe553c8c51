// Judging a mutant's check, and the mutation table of the docs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "executor.hpp"
#include "explain.hpp"
#include "lesson.hpp"
#include "mutants.hpp"

namespace {

using ffikit::learn::Ending;
using ffikit::learn::Explanation;
using ffikit::learn::judge_mutant;
using ffikit::learn::Lesson;
using ffikit::learn::Mutant;
using ffikit::learn::mutation_table;
using ffikit::learn::Task;
using ffikit::learn::ZooEntry;

Ending ended(bool exited, int code, int signal, std::string output) {
  Ending ending;
  ending.started = true;
  ending.exited = exited;
  ending.exit_code = code;
  ending.signal = signal;
  ending.output = std::move(output);
  return ending;
}

TEST(JudgeMutant, FailureForTheNamedReasonKillsIt) {
  const auto judgement =
      judge_mutant(ended(true, 1, 0, "x\ndouble close at #3: fd 3\n"), {},
                   "lifetime", "double close");
  EXPECT_EQ(judgement.status, 0);
  EXPECT_EQ(judgement.line, "killed by lifetime: double close");
}

TEST(JudgeMutant, APassingCheckMeansTheMutantSurvived) {
  const auto judgement =
      judge_mutant(ended(true, 0, 0, "[  PASSED  ] 3 tests.\n"), {}, "unit",
                   "MoveLeavesTheSourceEmpty");
  EXPECT_EQ(judgement.status, 1);
  EXPECT_EQ(judgement.line, "SURVIVED: the unit check passed");
}

TEST(JudgeMutant, FailingForAnotherReasonIsNotAKill) {
  Explanation why;
  why.summary = "Task1A.B failed";
  const auto judgement = judge_mutant(ended(true, 1, 0, "leaked mapping\n"),
                                      why, "lifetime", "double munmap");
  EXPECT_EQ(judgement.status, 1);
  EXPECT_EQ(judgement.line,
            "killed by lifetime, but not because /double munmap/: Task1A.B "
            "failed");
}

TEST(JudgeMutant, TheReasonMayBeInTheExplanationOfACrash) {
  Explanation why;
  why.summary = "Task1A.B crashed with SIGSEGV (Segmentation fault)";
  const auto judgement = judge_mutant(
      ended(false, 0, 11, "[ RUN      ] Task1A.B\n"), why, "unit", "SIGSEGV");
  EXPECT_EQ(judgement.status, 0);
}

TEST(JudgeMutant, ACheckThatCannotRunIsNoVerdict) {
  Explanation why;
  why.summary = "the check ended with exit status 127";
  const auto judgement = judge_mutant(
      ended(true, 127, 0, "cannot run /b/x_tests: No such file or directory\n"),
      why, "unit", "anything");
  EXPECT_EQ(judgement.status, 2);
  EXPECT_EQ(judgement.line.rfind("NOT RUN: ", 0), 0U) << judgement.line;
}

TEST(MutationTable, OneRowPerMutantAndZooEntryThenTheTotals) {
  Lesson lesson;
  lesson.id = "02";
  Task task;
  task.number = 2;
  task.mutants = {Mutant{"close retried on EINTR", "close-retried-on-eintr",
                         "lifetime", "double close"},
                  Mutant{"either", "either", "unit", "a|b"}};
  lesson.tasks = {task};
  const ZooEntry zoo{"04",    "04-close", "close retried on EINTR",
                     "Zoo04", "lifetime", "double close"};
  EXPECT_EQ(mutation_table({lesson}, {zoo}),
            "| Lesson | Task | Mutant | Killed by |\n"
            "|---|---|---|---|\n"
            "| 02 | 2 | close retried on EINTR | lifetime: `double close` |\n"
            "| 02 | 2 | either | unit: `a` or `b` |\n"
            "| zoo | 04 | close retried on EINTR | lifetime: `double close` |\n"
            "\n"
            "| Lesson | Tasks | Mutants |\n"
            "|---|---|---|\n"
            "| 02 | 1 | 2 |\n"
            "| bug zoo | | 1 |\n"
            "| all | | 3 |\n");
}

}  // namespace
