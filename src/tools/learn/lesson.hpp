/// @file
/// The lessons as lessons/manifest.json describes them, and lookup by id.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ffikit::learn {

/// One task of a lesson: a group of checks graded together.
struct Task {
  int number = 0;     ///< 1-based position in the lesson, as students see it.
  std::string title;  ///< The task's one-line title.
  std::vector<std::string> verdicts;  ///< The verdict of each check, in order.
};

/// One lesson of the manifest.
struct Lesson {
  std::string id;         ///< Two digits, e.g. "01".
  std::string title;      ///< The lesson's title.
  std::string reference;  ///< Where the kit solves the same problem.
  std::vector<std::string> student_files;  ///< Files under student/ID/.
  std::vector<Task> tasks;                 ///< In manifest order.
};

/// Reads @p lessons_dir/manifest.json. Members the manifest lacks read as
/// empty strings and lists, so a partial entry still yields a lesson.
/// @throws JsonError when the file is missing (it reads as empty text) or
///         is not valid JSON.
[[nodiscard]] std::vector<Lesson> load_manifest(
    const std::filesystem::path& lessons_dir);

/// The lesson whose id is @p id; a one-character id gets a leading zero
/// first, so "3" finds "03".
/// @return A pointer into @p lessons, valid while it is unchanged, or
///         nullptr when no lesson has that id.
[[nodiscard]] const Lesson* find_lesson(const std::vector<Lesson>& lessons,
                                        std::string_view id);

}  // namespace ffikit::learn
