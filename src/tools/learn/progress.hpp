/// @file
/// The student's progress: which tasks of which lessons last passed, kept in
/// progress.tsv in the students' folder (one "ID<TAB>TASK<TAB>pass|fail"
/// line each). It is a record of verdicts, never a proof: the solution
/// command grades again before it shows anything.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "context.hpp"
#include "lesson.hpp"

namespace ffikit::learn {

/// Lesson id -> task number -> whether the task's last check passed.
using Progress = std::map<std::string, std::map<int, bool>>;

/// The progress file: student_root(context) / "progress.tsv".
[[nodiscard]] std::filesystem::path progress_file(const Context& context);

/// Reads the progress file. A missing file is no progress. Reading stops at
/// the first line that is not "ID TASK STATE" (whitespace-separated, TASK an
/// integer): the lines before it count, the rest is ignored. Any STATE other
/// than "pass" reads as not passed. Never throws on I/O errors.
[[nodiscard]] Progress load_progress(const Context& context);

/// Replaces the progress file with @p progress, creating lessons/student/ if
/// needed. Does nothing unless context.variant is "work": grading the
/// starter or the reference is not the student's progress.
/// @throws std::filesystem::filesystem_error if the directory cannot be
///         made; a file that cannot be written is silently left unchanged.
void save_progress(const Context& context, const Progress& progress);

/// How many of @p lesson's tasks @p progress records as passed.
[[nodiscard]] std::size_t tasks_passed(const Progress& progress,
                                       const Lesson& lesson);

/// The first lesson in @p lessons with a task not yet passed.
/// @return A pointer into @p lessons, or nullptr when every lesson is done.
[[nodiscard]] const Lesson* first_unfinished(const std::vector<Lesson>& lessons,
                                             const Progress& progress);

}  // namespace ffikit::learn
