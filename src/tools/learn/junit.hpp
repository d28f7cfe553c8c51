/// @file
/// The JUnit report check-all writes for an LMS or a CI system: one test
/// suite per lesson, one test case per task, and a suite that says whether
/// the graders are the ones released.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "grading.hpp"
#include "integrity.hpp"
#include "lesson.hpp"

namespace ffikit::learn {

/// The JUnit XML for @p verdicts of @p lessons graded on @p variant's code,
/// preceded by a "grader integrity" suite built from @p integrity: one
/// test case that fails, listing every changed, added or removed grader
/// file, when the graders differ from the release, and is skipped (saying
/// why) when they could not be compared. Pure.
[[nodiscard]] std::string junit_report(
    const std::vector<Lesson>& lessons,
    const std::map<std::string, LessonVerdict>& verdicts,
    const std::string& variant, const Integrity& integrity);

}  // namespace ffikit::learn
