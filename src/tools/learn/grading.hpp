/// @file
/// The grading flow, in one place: build a lesson's targets for the graded
/// code, ask CTest which commands its checks are, run them (several at
/// once, each with its time limit), and turn what they did into a verdict
/// per task.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "context.hpp"
#include "executor.hpp"
#include "explain.hpp"
#include "lesson.hpp"

namespace ffikit::learn {

/// One failed check of a task.
struct FailedCheck {
  std::string label;        ///< The check as students read it ("lifetime").
  Explanation explanation;  ///< What went wrong, and in which test.
};

/// What grading found for one task.
struct TaskVerdict {
  bool passed = false;              ///< Every check of the task passed.
  std::vector<FailedCheck> failed;  ///< The checks that did not, in order.
};

/// What grading found for one lesson.
struct LessonVerdict {
  bool built = true;  ///< The lesson's code and graders built.
  /// When they did not: the compiler's first error (first_build_error()).
  std::vector<std::string> build_error;
  std::map<int, TaskVerdict> tasks;  ///< By task number; every task present.
  double seconds_build = 0;          ///< Time spent building.
  double seconds_checks = 0;         ///< Time spent running the checks.
};

/// Judges one lesson from how its checks ended, by test name; a check
/// without an ending (its test is missing) fails as "missing". Pure.
[[nodiscard]] LessonVerdict judge_lesson(
    const Context& context, const Lesson& lesson,
    const std::map<std::string, Ending>& endings);

/// Builds and grades @p lessons on context.variant's code: one build per
/// lesson (so a lesson that does not compile does not hide the others),
/// then every check of every built lesson, context.jobs at a time. Says on
/// @p out what a long first build is building.
/// @pre context.build is configured (ensure_configured()).
[[nodiscard]] std::map<std::string, LessonVerdict> grade(
    const Context& context, const std::vector<const Lesson*>& lessons,
    std::ostream& out);

/// True when every task of @p verdict passed.
[[nodiscard]] bool all_passed(const LessonVerdict& verdict);

}  // namespace ffikit::learn
