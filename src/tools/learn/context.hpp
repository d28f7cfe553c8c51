/// @file
/// Where one run of the runner works: the source tree, the build tree,
/// which code it grades, and the lessons.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "lesson.hpp"

namespace ffikit::learn {

/// The settings every command shares, fixed once the command line is read.
struct Context {
  std::filesystem::path source;       ///< The kit's source tree (absolute).
  std::filesystem::path lessons_dir;  ///< source / "lessons".
  std::filesystem::path build;        ///< The build tree CMake configures.
  std::string variant = "work";       ///< "work", "starter" or "reference".
  std::vector<Lesson> lessons;        ///< From the manifest.
};

}  // namespace ffikit::learn
