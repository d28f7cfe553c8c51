/// @file
/// The grader lock: lessons/grader.lock holds the sha256sum(1) of every
/// file the graders depend on, so that a student cannot pass a lesson by
/// editing its checks. Grading refuses to start when they differ.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "context.hpp"

namespace ffikit::learn {

/// Every regular file under context.lessons_dir except the students' working
/// copies (student/...), grader.lock itself and the prose (*.md), as sorted
/// '/'-separated paths relative to lessons_dir.
/// @throws std::filesystem::filesystem_error if lessons_dir cannot be read.
[[nodiscard]] std::vector<std::string> grader_files(const Context& context);

/// Writes lessons_dir/grader.lock from the grader files' current contents
/// and says so on @p out ("wrote lessons/grader.lock: N grader files").
/// Whatever the files hold is accepted from then on: this is for an
/// instructor who changed a lesson on purpose (see command_lock()).
/// @return 0 on success; 2 when sha256sum fails, after copying its output
///         to @p err (the lock is then left unchanged).
/// @pre sha256sum is on PATH; the process is single-threaded (see run()).
int write_lock(const Context& context, std::ostream& out, std::ostream& err);

/// Whether every grader file still matches lessons_dir/grader.lock and no
/// grader file was added since it was written.
/// @return true if so. Otherwise false, after telling @p err why grading is
///         refused: a missing lock, or each changed (or unreadable) file as
///         "  changed: PATH" and each unlisted one as "  added:   PATH",
///         followed by how to restore them from version control.
/// @pre sha256sum is on PATH; the process is single-threaded (see run()).
[[nodiscard]] bool verify_lock(const Context& context, std::ostream& err);

}  // namespace ffikit::learn
