/// @file
/// Running the graders' checks: many commands at once, each in its own
/// process group with a time limit, with everything they print and exactly
/// how they ended (exit status, signal, or timeout).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ffikit::learn {

/// One command to run, as CTest would run a test.
struct Command {
  std::string name;  ///< The test's name, for reports.
  std::vector<std::string>
      argv;  ///< argv[0] is found on PATH if it has no '/'.
  /// "NAME=VALUE" settings added to the environment.
  std::vector<std::string> environment;
  std::filesystem::path directory;  ///< Where it runs; empty: here.
  double timeout = 0;               ///< Seconds before it is killed; 0: never.
};

/// How a command ended.
struct Ending {
  bool started = false;    ///< A process was made and exec'd.
  bool exited = false;     ///< It called exit (or returned from main).
  int exit_code = 0;       ///< Its exit status, when exited.
  int signal = 0;          ///< The signal that ended it, or 0.
  bool timed_out = false;  ///< Killed (with its process group) at the timeout.
  double timeout = 0;      ///< The limit it had, in seconds.
  double seconds = 0;      ///< How long it ran.
  /// What it wrote to stdout and stderr, interleaved. Very long output keeps
  /// its first 2 MiB and its last 1 MiB, joined by a line saying so. When
  /// nothing was started, why.
  std::string output;

  /// True when it exited with status 0.
  [[nodiscard]] bool passed() const noexcept {
    return started && exited && exit_code == 0 && !timed_out;
  }
};

/// Runs @p commands, at most @p jobs at a time (at least one), and returns
/// how each ended, in the same order. Each runs in a new process group with
/// stdin from /dev/null; at its timeout the whole group is killed with
/// SIGKILL, so the children it started go too. A command is also killed if
/// the runner itself dies (Ctrl-C reaches only the runner's group). Never
/// throws on a failure to start a command: that is reported in its Ending.
/// @pre the calling process is single-threaded (children run ordinary code
///      between fork and exec).
[[nodiscard]] std::vector<Ending> run_commands(
    const std::vector<Command>& commands, unsigned jobs);

/// "SIGSEGV (Segmentation fault)" for SIGSEGV, and so on; "signal N" for
/// a number the C library cannot name.
[[nodiscard]] std::string signal_text(int signal);

}  // namespace ffikit::learn
