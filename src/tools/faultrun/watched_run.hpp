/// @file
/// One run of the program under the preload library.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ffikit/check/fault.hpp"
#include "ffikit/check/report.hpp"
#include "options.hpp"

namespace ffikit::faultrun {

/// How a watched run ended.
struct RunResult {
  bool started = false;                        ///< fork and exec succeeded.
  bool exited = false;                         ///< Ended through exit.
  int exit_code = 0;                           ///< Its status.
  int signal = 0;                              ///< Killing signal, or 0.
  bool timed_out = false;                      ///< Killed at the timeout.
  std::string errors;                          ///< What it wrote to stderr.
  std::optional<check::ReportSummary> report;  ///< What the preload saw.
};

/// Runs options.command with the preload library and @p fault (none for a
/// counting or trace run), its stdout discarded unless @p show_stdout.
RunResult run_watched(const Options& options, const std::string& preload,
                      const std::optional<check::FaultPlan>& fault,
                      bool show_stdout = false);

}  // namespace ffikit::faultrun
