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
  bool started = false;     ///< The program was started.
  std::string start_error;  ///< Why it did not start.
  bool exited = false;      ///< Ended through exit.
  int exit_code = 0;        ///< Its status.
  int signal = 0;           ///< Killing signal, or 0.
  bool timed_out = false;   ///< Killed at the timeout.
  /// Stopped early: it kept retrying the one call the persistent fault
  /// fails, from one call site, with the same arguments.
  bool retry_loop = false;
  std::string errors;  ///< What it wrote to stderr.
  pid_t pid = 0;       ///< The program's process.
  /// Descendants still running a grace period after the program exited
  /// (killed then): a note, not a hang.
  std::vector<pid_t> lingering;
  /// stderr was still held open after the grace period by a process that
  /// left the program's group (not killed, as it is no longer ours).
  bool output_held = false;
  /// For a program killed while running: the system call it was blocked in
  /// ("openat (kernel: wait_for_partner)"), if any.
  std::string blocked_in;
  /// One report per watched process and program image, the program's own
  /// first; a process that left only its trace file (killed, crashed)
  /// has Ending::none.
  std::vector<check::ProcessReport> processes;
  /// Report or trace files that could not be read, with why.
  std::vector<std::string> unreadable;

  /// The program's own report (its first image), or nullptr.
  [[nodiscard]] const check::ProcessReport* main_report() const noexcept;
  /// The process in which the fault plan injected, or nullptr.
  [[nodiscard]] const check::ProcessReport* faulted_process() const noexcept;
  /// True when the fault plan injected in any process.
  [[nodiscard]] bool fault_fired() const noexcept;
  /// Violations (errors) of all processes.
  [[nodiscard]] std::size_t violations() const noexcept;
  /// Leaks of all processes.
  [[nodiscard]] std::size_t leaks() const noexcept;
};

/// Runs @p command (options.command, or an --inputs instance of it) with
/// the preload library (armed in @p program, the executable watch_target()
/// found) and @p fault (none for a counting or trace run), its stdout
/// discarded unless @p show_stdout.
RunResult run_watched(const Options& options,
                      const std::vector<std::string>& command,
                      const std::string& preload, const std::string& program,
                      const std::optional<check::FaultPlan>& fault,
                      bool show_stdout = false);

/// The executable mappings ("r-xp") of a /proc/PID/maps text, as report
/// modules. Pure.
std::vector<check::Module> modules_from_maps(std::string_view maps);

/// True when the last @p window events of @p trace are all injected
/// failures of @p fault's call with its errno, from one call site, on the
/// same descriptor or path: a retry loop that a persistent fault keeps
/// spinning. Pure.
bool spins_on_fault(std::span<const check::Event> trace,
                    const check::FaultPlan& fault, std::size_t window = 1000);

/// Keeps what a judged run needs to be reported and grouped: findings,
/// modules and, for a run that hung or crashed, its last @p keep events;
/// drops the rest of each trace so that a long sweep holds little memory.
void compact(RunResult& run, bool keep_last_calls, std::size_t keep = 12);

}  // namespace ffikit::faultrun
