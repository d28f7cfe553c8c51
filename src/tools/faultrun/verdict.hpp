/// @file
/// Judging one black-box run, and the table rows. Pure.
#pragma once

#include <optional>
#include <string>

#include "ffikit/check/fault.hpp"
#include "message_rule.hpp"
#include "watched_run.hpp"

namespace ffikit::faultrun {

/// The judgement of one run.
enum class RunVerdict : unsigned char {
  ok,               ///< Nothing wrong (a fault, if any, was handled).
  recovered,        ///< (--may-recover) the program worked around the fault
                    ///< and exited 0.
  not_reached,      ///< The planned call never happened in this run.
  retries_forever,  ///< (--persistent-eintr) the program retried the call
                    ///< that kept failing with EINTR, as it should; it was
                    ///< stopped. Not a failure.
  no_report,        ///< The program ended without the checker's report (it
                    ///< was killed, or left through a path nothing watches):
                    ///< leaks could not be checked. A failure: nothing passes
                    ///< unjudged.
  cannot_watch,     ///< The program cannot be watched (static, set-user-ID)
                    ///< or cannot be started at all.
  hidden,           ///< (--expect-error) the program exited 0 after the fault:
                    ///< the failure was hidden from its caller.
  unnamed,          ///< (--expect-error) it exited non-zero, but no stderr
                    ///< line gives the errno's reason with the path or call.
  leaked,           ///< Something was still held at exit.
  violated,         ///< Ownership or nesting was broken.
  crashed,          ///< Killed by a signal, or stopped by a sanitizer or
            ///< memcheck error report (which turn a fault into an exit).
  hung,  ///< Killed at the timeout, or found retrying a call that
         ///< keeps failing with an errno other than EINTR.
};

/// Short name for text reports; failures in capitals ("CRASHED").
const char* verdict_name(RunVerdict verdict) noexcept;

/// The name in JSON reports, lower case ("crashed", "no report").
const char* json_name(RunVerdict verdict) noexcept;

/// True for the verdicts that make ffikit-faultrun exit non-zero.
constexpr bool is_failure(RunVerdict verdict) noexcept {
  return verdict != RunVerdict::ok && verdict != RunVerdict::recovered &&
         verdict != RunVerdict::not_reached &&
         verdict != RunVerdict::retries_forever;
}

/// A verdict and, where it helps, why (e.g. "the message names neither the
/// path nor the call", "blocked in openat (kernel: wait_for_partner)").
struct Judgement {
  RunVerdict verdict = RunVerdict::ok;  ///< The verdict.
  std::string reason;                   ///< Why, or empty.
};

/// Judges @p run made with @p fault (none for the clean run).
Judgement judge(const RunResult& run,
                const std::optional<check::FaultPlan>& fault,
                const Options& options);

/// judge(...).verdict.
RunVerdict judge_run(const RunResult& run,
                     const std::optional<check::FaultPlan>& fault,
                     const Options& options);

/// The failed call of a faulted run as the message rule sees it: the
/// first injected entry of the process where the fault fired, with the
/// path of what it worked on. std::nullopt when no trace shows it.
std::optional<FailedCall> failed_call(const RunResult& run,
                                      const check::FaultPlan& fault);

/// True when @p errors holds an AddressSanitizer, LeakSanitizer or UBSan
/// error report, or (with --valgrind) the run exited with memcheck's
/// error status 99.
bool memory_error_reported(const RunResult& run, const Options& options);

/// "exit 1", "signal 11 (SIGSEGV)", "timeout" or "stopped: retry loop".
std::string how_it_ended(const RunResult& run);

/// One table row: call, N, errno, mode, how it ended, leaks, violations,
/// verdict, in fixed-width columns.
std::string table_row(const check::FaultPlan& fault, const RunResult& run,
                      RunVerdict verdict);

/// @p text left-aligned in a column @p width characters wide, then one
/// space; longer text is kept whole. Pure.
std::string pad(std::string text, std::size_t width);

/// The table's header line, aligned with table_row().
std::string table_header();

}  // namespace ffikit::faultrun
