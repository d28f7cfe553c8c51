/// @file
/// The lessons' build tree: configuring it once, building one target with a
/// bounded number of jobs, and saying what a long first build is doing.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "context.hpp"

namespace ffikit::learn {

/// How many jobs builds and checks use: CMAKE_BUILD_PARALLEL_LEVEL when
/// @p level holds a positive number, else @p cores, and at least 1. Pure.
[[nodiscard]] unsigned build_jobs(const char* level, unsigned cores) noexcept;

/// Makes sure context.build is configured with the variant the context
/// grades (adding it to the cached FFIKIT_LESSON_VARIANTS), with
/// student_root() as FFIKIT_LESSON_STUDENT_DIR, and
/// with FFIKIT_LESSON_MUTANTS when @p mutants. A new tree is configured
/// with Ninja, Debug and no docs. Says on @p out when it configures.
/// @return false after writing CMake's output to @p err when it fails.
bool ensure_configured(const Context& context, bool mutants, std::ostream& out,
                       std::ostream& err);

/// What a first build of @p target is about to do, read from the dry-run
/// list Ninja prints (`ninja -n`): "12 steps: the lifetime checker
/// (src/check), stage 2 (src/stage2_raii), the grader, your code". Pure.
/// @return nothing when the build has at most @p quiet_steps steps.
[[nodiscard]] std::optional<std::string> describe_build_plan(
    std::string_view dry_run, std::size_t quiet_steps);

/// The result of building one target.
struct BuildResult {
  bool ok = false;     ///< The build succeeded.
  std::string output;  ///< What the build printed.
  double seconds = 0;  ///< How long it took.
};

/// Builds @p target in context.build with context.jobs jobs. When the
/// build has more than a few steps to do, first says on @p out what it is
/// building (describe_build_plan()), prefixed with @p what ("lesson 05").
/// With @p keep_going, Ninja goes on past failures (-k 0).
[[nodiscard]] BuildResult build_target(const Context& context,
                                       const std::string& target,
                                       const std::string& what, bool keep_going,
                                       std::ostream& out);

}  // namespace ffikit::learn
