/// @file
/// Where one run of the runner works: the source tree, the build tree,
/// which code it grades, and the lessons.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "lesson.hpp"

namespace ffikit::learn {

/// The settings every command shares, fixed once the command line is read.
struct Context {
  std::filesystem::path source;       ///< The kit's source tree (absolute).
  std::filesystem::path lessons_dir;  ///< source / "lessons".
  std::filesystem::path build;        ///< The build tree CMake configures.
  /// Where the students' copies live; empty means lessons_dir / "student".
  std::filesystem::path student_dir;
  std::string variant = "work";  ///< "work", "starter" or "reference".
  std::vector<Lesson> lessons;   ///< From the manifest.
  /// The runner as the user typed it, so that every command it suggests
  /// can be pasted as is ("build/dev/src/tools/learn/ffikit-learn").
  std::string self = "ffikit-learn";
  /// How many builds and checks run at once.
  unsigned jobs = 2;
};

/// The folder of the students' copies: context.student_dir, or
/// lessons_dir / "student" when that is empty.
[[nodiscard]] std::filesystem::path student_root(const Context& context);

/// The streams a command reads from and writes to (std::cin, std::cout and
/// std::cerr in the program; string streams in tests).
struct Io {
  std::istream& in;   ///< Answers to questions.
  std::ostream& out;  ///< What the command reports.
  std::ostream& err;  ///< Why it could not do it.
};

}  // namespace ffikit::learn
