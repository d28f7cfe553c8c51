/// @file
/// Printing verdicts for a student: per task, pass or fail, the failed
/// check's explanation and the hint of the task the failure belongs to.
#pragma once

#include <ostream>

#include "context.hpp"
#include "grading.hpp"
#include "lesson.hpp"

namespace ffikit::learn {

/// Prints @p verdict of @p lesson on @p out: a heading with the tasks
/// passed, then one line per task. A lesson whose code does not build
/// shows the compiler's first error once, above its tasks. A failed task
/// shows its first failed check's explanation, one line for each other
/// failed check, and (with @p with_hints) the hint of the task the failing
/// test belongs to.
void print_lesson(const Context& context, const Lesson& lesson,
                  const LessonVerdict& verdict, bool with_hints,
                  std::ostream& out);

}  // namespace ffikit::learn
