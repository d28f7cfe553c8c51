/// @file
/// Running another program (CMake, CTest, sha256sum) and collecting what it
/// prints.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ffikit::learn {

/// What a program run by run() did.
struct Run {
  /// The exit status; 127 when the program could not be started, 128 when
  /// it was killed by a signal, -1 when no child was made.
  int status = -1;
  /// Its stdout and stderr, interleaved as written; or why no child was
  /// made when status is -1.
  std::string output;
};

/// Runs @p argv (argv[0] found on PATH) in @p directory (empty: the current
/// one) with stdout and stderr captured together and stdin from /dev/null,
/// without a shell, so the arguments are passed exactly. Waits for it to
/// exit. One command of run_commands(), without a time limit.
/// @pre @p argv is not empty, and the calling process is single-threaded
///      (the child runs ordinary code between fork and exec).
/// Failures are reported in the result, never thrown.
[[nodiscard]] Run run(const std::vector<std::string>& argv,
                      const std::filesystem::path& directory = {});

}  // namespace ffikit::learn
