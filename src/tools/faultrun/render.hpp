/// @file
/// Printing runs: the trace and findings of each watched process as text,
/// and every run as one JSON document (docs/report-format.md).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "ffikit/check/fault.hpp"
#include "verdict.hpp"
#include "watched_run.hpp"

namespace ffikit::faultrun {

/// One judged run: the fault (none for a clean or trace run), how it went.
struct JudgedRun {
  std::optional<check::FaultPlan> fault;  ///< The injected fault, if any.
  RunResult run;                          ///< What happened.
  RunVerdict verdict = RunVerdict::ok;    ///< The judgement.
};

/// "open 3, fstat 2, close 3": the calls of @p process that were made.
std::string call_counts(const check::ProcessReport& process);

/// Prints, per process, a header line when there is more than one
/// ("process 123 (/usr/bin/sort), exit"), then @p with_trace its trace, and
/// its findings, each with the call sites resolved to file+offset.
void print_processes(std::ostream& out, const RunResult& run, bool with_trace);

/// Writes every run as one JSON document with the overall @p verdict.
void print_json(std::ostream& out, const std::vector<std::string>& command,
                const std::vector<JudgedRun>& runs, RunVerdict verdict);

}  // namespace ffikit::faultrun
