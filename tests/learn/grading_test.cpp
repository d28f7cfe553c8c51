// Judging a lesson from how its checks ended: every task, every check,
// and a check whose test is missing fails as such.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "context.hpp"
#include "executor.hpp"
#include "grading.hpp"
#include "lesson.hpp"

namespace {

using ffikit::learn::all_passed;
using ffikit::learn::Check;
using ffikit::learn::Context;
using ffikit::learn::Ending;
using ffikit::learn::judge_lesson;
using ffikit::learn::Lesson;
using ffikit::learn::Task;

Ending ending(int exit_code, std::string output) {
  Ending result;
  result.started = true;
  result.exited = true;
  result.exit_code = exit_code;
  result.output = std::move(output);
  return result;
}

class JudgeLesson : public testing::Test {
 protected:
  JudgeLesson() {
    context_.variant = "work";
    context_.build = "/b";
    lesson_.id = "10";
    Task first;
    first.number = 1;
    first.checks = {Check{"unit", "unit", ""}};
    Task second;
    second.number = 2;
    second.checks = {Check{"program", "program", "faults"},
                     Check{"program", "program-2", "faultrun"}};
    lesson_.tasks = {first, second};
  }
  Context context_;
  Lesson lesson_;
};

TEST_F(JudgeLesson, PassedChecksPassTheirTask) {
  const auto verdict =
      judge_lesson(context_, lesson_,
                   {{"lesson10.task1.unit@work", ending(0, "")},
                    {"lesson10.task2.program@work", ending(0, "")},
                    {"lesson10.task2.program-2@work", ending(0, "")}});
  EXPECT_TRUE(all_passed(verdict));
}

TEST_F(JudgeLesson, FailedCheckIsNamedByItsLabelAndExplained) {
  const auto verdict = judge_lesson(
      context_, lesson_,
      {{"lesson10.task1.unit@work", ending(0, "")},
       {"lesson10.task2.program@work", ending(0, "")},
       {"lesson10.task2.program-2@work",
        ending(1, "FAILED: 3 faults were not reported\n  row\n")}});
  EXPECT_FALSE(all_passed(verdict));
  EXPECT_TRUE(verdict.tasks.at(1).passed);
  const auto& failed = verdict.tasks.at(2).failed;
  ASSERT_EQ(failed.size(), 1U);
  EXPECT_EQ(failed[0].label, "program (faultrun)");
  EXPECT_EQ(failed[0].explanation.summary, "3 faults were not reported");
}

TEST_F(JudgeLesson, MissingCheckFailsItsTaskAndSaysToConfigureAgain) {
  const auto verdict = judge_lesson(
      context_, lesson_, {{"lesson10.task1.unit@work", ending(0, "")}});
  EXPECT_TRUE(verdict.tasks.at(1).passed);
  const auto& failed = verdict.tasks.at(2).failed;
  ASSERT_EQ(failed.size(), 2U);
  EXPECT_EQ(
      failed[0].explanation.summary,
      "this check is not registered in /b; configure it again (cmake /b)");
}

TEST_F(JudgeLesson, ATaskWithoutChecksNeverPasses) {
  lesson_.tasks[0].checks.clear();
  const auto verdict = judge_lesson(context_, lesson_, {});
  EXPECT_FALSE(verdict.tasks.at(1).passed);
}

}  // namespace
