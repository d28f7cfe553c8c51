/// @file
/// Judging one black-box run, and the table rows. Pure.
#pragma once

#include <optional>
#include <string>

#include "ffikit/check/fault.hpp"
#include "watched_run.hpp"

namespace ffikit::faultrun {

/// The judgement of one run.
enum class RunVerdict : unsigned char {
  ok,           ///< Nothing wrong (a fault, if any, was handled).
  recovered,    ///< (--may-recover) the program worked around the fault
                ///< and exited 0.
  not_reached,  ///< The planned call never happened in this run.
  no_report,    ///< The program ended without the checker's report (it
                ///< was killed, or left through a path nothing watches):
                ///< leaks could not be checked. A failure: nothing passes
                ///< unjudged.
  cannot_watch,  ///< The program cannot be watched (static, set-user-ID)
                 ///< or cannot be started at all.
  unreported,   ///< (--expect-error) the fault did not produce a non-zero
                ///< exit with a message naming the call and errno.
  leaked,       ///< Something was still held at exit.
  violated,     ///< Ownership or nesting was broken.
  crashed,      ///< Killed by a signal, or stopped by a sanitizer or
                ///< memcheck error report (which turn a fault into an exit).
  hung,         ///< Killed at the timeout.
};

/// Short name ("crashed").
const char* verdict_name(RunVerdict verdict) noexcept;

/// True for the verdicts that make ffikit-faultrun exit non-zero.
constexpr bool is_failure(RunVerdict verdict) noexcept {
  return verdict != RunVerdict::ok && verdict != RunVerdict::recovered &&
         verdict != RunVerdict::not_reached;
}

/// Judges @p run made with @p fault (none for the clean run).
RunVerdict judge_run(const RunResult& run,
                     const std::optional<check::FaultPlan>& fault,
                     const Options& options);

/// True when @p errors holds an AddressSanitizer, LeakSanitizer or UBSan
/// error report, or (with --valgrind) the run exited with memcheck's
/// error status 99.
bool memory_error_reported(const RunResult& run, const Options& options);

/// "exit 1", "signal 11 (SIGSEGV)" or "timeout".
std::string how_it_ended(const RunResult& run);

/// One table row: call, N, errno, mode, how it ended, leaks, violations,
/// verdict, in fixed-width columns.
std::string table_row(const check::FaultPlan& fault, const RunResult& run,
                      RunVerdict verdict);

/// The table's header line, aligned with table_row().
std::string table_header();

}  // namespace ffikit::faultrun
