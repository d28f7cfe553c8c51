/// @file
/// One run of the program under the preload library.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "ffikit/check/fault.hpp"
#include "ffikit/check/report.hpp"
#include "options.hpp"

namespace ffikit::faultrun {

/// How a watched run ended, and what each watched process reported.
struct RunResult {
  bool started = false;    ///< fork and exec succeeded.
  std::string start_error;  ///< Why it did not start.
  bool exited = false;     ///< Ended through exit.
  int exit_code = 0;       ///< Its status.
  int signal = 0;          ///< Killing signal, or 0.
  bool timed_out = false;  ///< Killed at the timeout.
  std::string errors;      ///< What it wrote to stderr.
  pid_t pid = 0;           ///< The program's process.
  /// One report per watched process and program image, the program's own
  /// first; a process that left only its trace file (killed, crashed)
  /// has Ending::none.
  std::vector<check::ProcessReport> processes;
  /// Report or trace files that could not be read, with why.
  std::vector<std::string> unreadable;

  /// The program's own report (its first image), or nullptr.
  [[nodiscard]] const check::ProcessReport* main_report() const noexcept;
  /// True when the fault plan injected in any process.
  [[nodiscard]] bool fault_fired() const noexcept;
  /// Violations (errors) of all processes.
  [[nodiscard]] std::size_t violations() const noexcept;
  /// Leaks of all processes.
  [[nodiscard]] std::size_t leaks() const noexcept;
};

/// Runs options.command with the preload library (armed in @p program, the
/// executable watch_target() found) and @p fault (none for a counting or
/// trace run), its stdout discarded unless @p show_stdout.
RunResult run_watched(const Options& options, const std::string& preload,
                      const std::string& program,
                      const std::optional<check::FaultPlan>& fault,
                      bool show_stdout = false);

}  // namespace ffikit::faultrun
