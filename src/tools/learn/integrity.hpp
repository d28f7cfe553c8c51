/// @file
/// Whether the graders are the ones that were released: every grader file
/// (and grader.lock) compared, by git object hash, with the commit it was
/// released at. Instructors rely on this where a student could have edited
/// a grader and the lock alike.
#pragma once

#include <string>
#include <vector>

#include "context.hpp"

namespace ffikit::learn {

/// The graders compared with a release.
struct Integrity {
  /// What the comparison found.
  enum class State {
    matches,  ///< Every grader file is the released one.
    differs,  ///< Some are changed, added or removed.
    unknown,  ///< No comparison was possible (see problem).
  };
  State state = State::unknown;      ///< The finding.
  std::string commit;                ///< The release commit, in full.
  std::string problem;               ///< Why there is no comparison.
  std::vector<std::string> changed;  ///< Paths whose contents differ.
  std::vector<std::string> added;    ///< Grader files the release lacks.
  std::vector<std::string> removed;  ///< Released files that are gone.

  /// True when every grader file is the released one.
  [[nodiscard]] bool matches() const noexcept {
    return state == State::matches;
  }
  /// "graders match commit 1a2b3c4d5e6f" (or "... compared with ...", or
  /// "graders not verified").
  [[nodiscard]] std::string title() const;
  /// One line: "2 grader files differ from commit 1a2b3c4d5e6f", or the
  /// problem.
  [[nodiscard]] std::string summary() const;
  /// One line per difference: "changed: lessons/05/tests/x.cpp".
  [[nodiscard]] std::string listing() const;
};

/// Compares the grader files of context.lessons_dir (grader_files(), and
/// grader.lock) with the commit @p release names, or, when @p release is
/// empty, with the last commit that changed lessons/grader.lock (the
/// graders are released by committing a new lock). Paths are relative to
/// context.source. Uses git(1); without it, or outside a git checkout, the
/// state is unknown and problem says why.
/// @pre the process is single-threaded (see run()).
[[nodiscard]] Integrity verify_release(const Context& context,
                                       const std::string& release);

}  // namespace ffikit::learn
