/// @file
/// The lessons and the bug zoo as lessons/manifest.json describes them, and
/// lookup by id.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ffikit::learn {

/// One check of a task: a verdict and, for display, what it runs.
struct Check {
  std::string verdict;  ///< "unit", "lifetime", "asan", "compile_fail", ...
  /// The check's part of its CTest name: the verdict, with "-K" added when
  /// an earlier check of the same task has the same verdict (K is the
  /// check's 1-based position), as lessons/cmake/lesson_functions.cmake
  /// names it.
  std::string kind;
  std::string mode;  ///< A program check's mode ("output", "faults"), or "".
  /// How a student reads it: the verdict, with the mode for program checks
  /// ("program (faults)").
  [[nodiscard]] std::string label() const;
};

/// A mutant of a task's reference: a real mistake its checks must catch.
struct Mutant {
  std::string name;     ///< Human name ("close retried on EINTR").
  std::string slug;     ///< File stem of its patch or replacement file.
  std::string verdict;  ///< The verdict of the check that must kill it.
  std::string because;  ///< What that check's failure must say (a regex).
};

/// One task of a lesson: a group of checks graded together.
struct Task {
  int number = 0;     ///< 1-based position in the lesson, as students see it.
  std::string title;  ///< The task's one-line title.
  std::vector<Check> checks;    ///< In manifest order.
  std::vector<Mutant> mutants;  ///< The mutants its checks must kill.
};

/// One lesson of the manifest.
struct Lesson {
  std::string id;     ///< Two digits, e.g. "01".
  std::string title;  ///< The lesson's title.
  std::string kit;    ///< Where the kit solves the same problem.
  std::vector<std::string> student_files;  ///< Files under student/ID/.
  std::vector<Task> tasks;                 ///< In manifest order.
};

/// One entry of the bug zoo: a real-world mistake, its fix, and the test
/// that tells them apart.
struct ZooEntry {
  std::string id;       ///< Two digits, e.g. "04".
  std::string dir;      ///< Its folder under lessons/bug-zoo.
  std::string title;    ///< The mistake, in a few words.
  std::string suite;    ///< The GoogleTest suite that kills it.
  std::string verdict;  ///< "unit" or "lifetime".
  std::string because;  ///< What the failure must say (a regex).
};

/// Reads @p lessons_dir/manifest.json. Members the manifest lacks read as
/// empty strings and lists, so a partial entry still yields a lesson.
/// @throws JsonError when the file is missing (it reads as empty text) or
///         is not valid JSON.
[[nodiscard]] std::vector<Lesson> load_manifest(
    const std::filesystem::path& lessons_dir);

/// The manifest's bug zoo, in order.
/// @throws JsonError as load_manifest().
[[nodiscard]] std::vector<ZooEntry> load_zoo(
    const std::filesystem::path& lessons_dir);

/// The lesson whose id is @p id; a one-character id gets a leading zero
/// first, so "3" finds "03".
/// @return A pointer into @p lessons, valid while it is unchanged, or
///         nullptr when no lesson has that id.
[[nodiscard]] const Lesson* find_lesson(const std::vector<Lesson>& lessons,
                                        std::string_view id);

/// The CTest name of check @p check of task @p task of @p lesson, graded on
/// @p variant's code: "lesson05.task3.lifetime@work".
[[nodiscard]] std::string check_test_name(const Lesson& lesson,
                                          const Task& task, const Check& check,
                                          std::string_view variant);

/// The CTest name of a mutant's test: "lesson02.task2.mutant.SLUG".
[[nodiscard]] std::string mutant_test_name(const Lesson& lesson,
                                           const Task& task,
                                           const Mutant& mutant);

/// The task number a GoogleTest name belongs to by the graders' naming
/// rule ("Task3Faults.FailingCloseIsReported" -> 3), or 0 when the name
/// does not start with "Task" and a number.
[[nodiscard]] int task_of_test(std::string_view test);

}  // namespace ffikit::learn
