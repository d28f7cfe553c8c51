#include "verdict.hpp"

#include <fcntl.h>
#include <signal.h>
#include <string.h>

#include <algorithm>
#include <array>
#include <cerrno>

#include "ffikit/check/errno_catalog.hpp"
#include "message_pattern.hpp"
#include "trace_facts.hpp"

namespace ffikit::faultrun {

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) {
    text.append(width - text.size(), ' ');
  }
  return text + ' ';
}

namespace {

struct Names {
  RunVerdict verdict;
  const char* text;
  const char* json;
};

constexpr std::array<Names, 12> names = {{
    {RunVerdict::ok, "ok", "ok"},
    {RunVerdict::recovered, "recovered", "recovered"},
    {RunVerdict::not_reached, "not reached", "not reached"},
    {RunVerdict::retries_forever, "retries forever", "retries forever"},
    {RunVerdict::no_report, "NO REPORT", "no report"},
    {RunVerdict::cannot_watch, "CANNOT WATCH", "cannot watch"},
    {RunVerdict::hidden, "HIDDEN", "hidden"},
    {RunVerdict::unnamed, "UNNAMED", "unnamed"},
    {RunVerdict::leaked, "LEAKED", "leaked"},
    {RunVerdict::violated, "VIOLATED", "violated"},
    {RunVerdict::crashed, "CRASHED", "crashed"},
    {RunVerdict::hung, "HUNG", "hung"},
}};

constexpr bool names_in_order() {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (static_cast<std::size_t>(names[i].verdict) != i) {
      return false;
    }
  }
  return names.size() == static_cast<std::size_t>(RunVerdict::hung) + 1;
}
static_assert(names_in_order(), "one row per verdict, in enum order");

const Names& names_of(RunVerdict verdict) noexcept {
  return names[static_cast<std::size_t>(verdict)];
}

// True when the fault failed a release (close, fclose, closedir) of a
// descriptor opened read-only: nothing written can have been lost, so
// carrying on is right.
bool closed_read_only(const RunResult& run, const check::FaultPlan& fault) {
  using check::Function;
  const Function f = *fault.target;
  if (f != Function::close && f != Function::fclose &&
      f != Function::closedir) {
    return false;
  }
  const check::ProcessReport* process = run.faulted_process();
  if (process == nullptr) {
    return false;
  }
  const auto at = first_injected(process->report.trace);
  if (!at) {
    return false;
  }
  const auto flags = open_flags(process->report.trace, *at);
  return flags && (*flags & O_ACCMODE) == O_RDONLY;
}

// The verdict of a faulted run under --expect-error, from its exit and
// its stderr.
Judgement judge_report(const RunResult& run, const check::FaultPlan& fault,
                       const Options& options) {
  if (run.exit_code == 0) {
    // A signal that interrupts a call is not an error to report: exiting
    // 0 means the program retried (or, for close, correctly did not).
    if (fault.error == EINTR) {
      return {RunVerdict::ok, "EINTR handled"};
    }
    const bool may_recover =
        std::any_of(options.recoverable.begin(), options.recoverable.end(),
                    [&](const Recovery& r) { return r.covers(fault); });
    if (may_recover) {
      return {RunVerdict::recovered, ""};
    }
    if (closed_read_only(run, fault)) {
      return {RunVerdict::recovered,
              "a failed close of a read-only descriptor loses no data"};
    }
    return {RunVerdict::hidden, "exit 0 after the fault"};
  }
  if (options.message) {
    if (pattern_found(*options.message, run.errors)) {
      return {RunVerdict::ok, ""};
    }
    return {RunVerdict::unnamed, "stderr does not match --message"};
  }
  FailedCall call;
  if (const auto found = failed_call(run, fault)) {
    call = *found;
  } else {
    call.function = *fault.target;
    call.symbol = check::primary_symbol(*fault.target);
    call.error = fault.error;
  }
  const MessageCheck check = check_message(run.errors, call);
  if (reported(check)) {
    return {RunVerdict::ok, explain(check)};
  }
  return {RunVerdict::unnamed, explain(check)};
}

}  // namespace

const char* verdict_name(RunVerdict verdict) noexcept {
  return names_of(verdict).text;
}

const char* json_name(RunVerdict verdict) noexcept {
  return names_of(verdict).json;
}

std::optional<FailedCall> failed_call(const RunResult& run,
                                      const check::FaultPlan& fault) {
  const check::ProcessReport* process = run.faulted_process();
  if (process == nullptr) {
    return std::nullopt;
  }
  const auto& trace = process->report.trace;
  const auto at = first_injected(trace);
  if (!at) {
    return std::nullopt;
  }
  FailedCall call;
  call.function = trace[*at].function;
  call.symbol = trace[*at].symbol;
  call.error = fault.error;
  call.path = resource_path(trace, *at);
  call.fd = trace[*at].fd;
  for (std::size_t i = *at + 1; i < trace.size(); ++i) {
    if (trace[i].failed() && !trace[i].injected && trace[i].error != 0 &&
        !call.path.empty() && resource_path(trace, i) == call.path) {
      call.more_errors.push_back(trace[i].error);
    }
    if (trace[i].injected) {
      std::string path = resource_path(trace, i);
      if (!path.empty() && path != call.path &&
          std::find(call.more_paths.begin(), call.more_paths.end(), path) ==
              call.more_paths.end()) {
        call.more_paths.push_back(std::move(path));
      }
    }
  }
  return call;
}

Judgement judge(const RunResult& run,
                const std::optional<check::FaultPlan>& fault,
                const Options& options) {
  if (!run.started) {
    return {RunVerdict::cannot_watch, run.start_error};
  }
  if (run.retry_loop && fault) {
    const std::string what =
        std::string("retried ") + check::name(*fault->target) + " for ever";
    return {
        fault->error == EINTR ? RunVerdict::retries_forever : RunVerdict::hung,
        what};
  }
  if (run.timed_out) {
    return {RunVerdict::hung,
            run.blocked_in.empty() ? "" : "blocked in " + run.blocked_in};
  }
  if (run.signal != 0 || memory_error_reported(run, options)) {
    return {RunVerdict::crashed, ""};
  }
  if (run.violations() > 0) {
    return {RunVerdict::violated, ""};
  }
  if (run.leaks() > 0) {
    return {RunVerdict::leaked, ""};
  }
  const check::ProcessReport* main = run.main_report();
  if (main == nullptr || main->ending == check::Ending::none) {
    return {RunVerdict::no_report,
            main == nullptr ? "the program wrote no report"
                            : "the program's report is only its trace"};
  }
  if (!fault) {
    return {RunVerdict::ok, ""};
  }
  if (!run.fault_fired()) {
    return {RunVerdict::not_reached, ""};
  }
  if (options.expect_error && fault->target) {
    return judge_report(run, *fault, options);
  }
  return {RunVerdict::ok, ""};
}

RunVerdict judge_run(const RunResult& run,
                     const std::optional<check::FaultPlan>& fault,
                     const Options& options) {
  return judge(run, fault, options).verdict;
}

bool memory_error_reported(const RunResult& run, const Options& options) {
  for (const char* marker : {"ERROR: AddressSanitizer:",
                             "ERROR: LeakSanitizer:", ": runtime error: "}) {
    if (run.errors.find(marker) != std::string::npos) {
      return true;
    }
  }
  return options.valgrind && run.exited && run.exit_code == 99;
}

std::string how_it_ended(const RunResult& run) {
  if (run.retry_loop) {
    return "stopped: retry loop";
  }
  if (run.timed_out) {
    return "timeout";
  }
  if (run.signal != 0) {
    const char* abbrev = ::sigabbrev_np(run.signal);
    return "signal " + std::to_string(run.signal) +
           (abbrev != nullptr ? std::string(" (SIG") + abbrev + ")"
                              : std::string());
  }
  if (run.exited) {
    return "exit " + std::to_string(run.exit_code);
  }
  return "not run";
}

std::string table_header() {
  return pad("call", 7) + pad("N", 3) + pad("errno", 13) + pad("mode", 11) +
         pad("ended", 20) + pad("leaks", 5) + pad("viol", 4) + "verdict";
}

std::string table_row(const check::FaultPlan& fault, const RunResult& run,
                      RunVerdict verdict) {
  const char* error = check::errno_name(fault.error);
  const bool reported = !run.processes.empty();
  return pad(fault.target ? check::name(*fault.target) : "any", 7) +
         pad(std::to_string(fault.nth), 3) +
         pad(error != nullptr ? error : std::to_string(fault.error), 13) +
         pad(fault.persistent ? "persistent" : "transient", 11) +
         pad(how_it_ended(run), 20) +
         pad(reported ? std::to_string(run.leaks()) : "-", 5) +
         pad(reported ? std::to_string(run.violations()) : "-", 4) +
         verdict_name(verdict);
}

}  // namespace ffikit::faultrun
