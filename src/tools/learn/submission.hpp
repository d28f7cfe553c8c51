/// @file
/// A student's submission, taken in for grading: only the files the
/// manifest names as the students' own, copied into a folder of the
/// instructor's pristine tree, so that nothing else a submission carries
/// (an edited grader, a lock, a build script) can reach the grade.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "lesson.hpp"

namespace ffikit::learn {

/// What collect_submission() did.
struct Collected {
  std::vector<std::string> copied;   ///< "05/with_file_bytes.cpp", ...
  std::vector<std::string> missing;  ///< Files the starter stands in for.
  std::vector<std::string> refused;  ///< Not regular files, or too large.
};

/// Copies, for every lesson, each of its student_files from @p submission
/// into @p destination / ID / FILE, replacing what was there. @p submission
/// is either a students' folder (ID/FILE inside) or a copy of the whole
/// kit (lessons/student/ID/FILE inside). A file that is missing, not a
/// regular file (a symbolic link, a FIFO) or larger than 1 MiB is not
/// taken: the lesson's starter (@p lessons_dir / ID / starter / FILE) is
/// copied in its place, so that the task fails rather than grading
/// something else. Nothing else is copied.
/// @throws std::filesystem::filesystem_error when @p destination cannot be
///         written.
Collected collect_submission(const std::vector<Lesson>& lessons,
                             const std::filesystem::path& lessons_dir,
                             const std::filesystem::path& submission,
                             const std::filesystem::path& destination);

}  // namespace ffikit::learn
