#include "verdict.hpp"

#include <string.h>

#include <algorithm>
#include <cstdio>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/message.hpp"

namespace ffikit::faultrun {
namespace {

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) {
    text.append(width - text.size(), ' ');
  }
  return text + ' ';
}

}  // namespace

const char* verdict_name(RunVerdict verdict) noexcept {
  switch (verdict) {
    case RunVerdict::ok:
      return "ok";
    case RunVerdict::recovered:
      return "recovered";
    case RunVerdict::not_reached:
      return "not reached";
    case RunVerdict::no_report:
      return "NO REPORT";
    case RunVerdict::cannot_watch:
      return "CANNOT WATCH";
    case RunVerdict::unreported:
      return "UNREPORTED";
    case RunVerdict::leaked:
      return "LEAKED";
    case RunVerdict::violated:
      return "VIOLATED";
    case RunVerdict::crashed:
      return "CRASHED";
    case RunVerdict::hung:
      return "HUNG";
  }
  return "?";
}

RunVerdict judge_run(const RunResult& run,
                     const std::optional<check::FaultPlan>& fault,
                     const Options& options) {
  if (run.timed_out) {
    return RunVerdict::hung;
  }
  if (run.signal != 0 || memory_error_reported(run, options)) {
    return RunVerdict::crashed;
  }
  if (!run.started) {
    return RunVerdict::cannot_watch;
  }
  if (run.violations() > 0) {
    return RunVerdict::violated;
  }
  if (run.leaks() > 0) {
    return RunVerdict::leaked;
  }
  const check::ProcessReport* main = run.main_report();
  if (main == nullptr || main->ending == check::Ending::none) {
    return RunVerdict::no_report;
  }
  if (!fault) {
    return RunVerdict::ok;
  }
  if (!run.fault_fired()) {
    return RunVerdict::not_reached;
  }
  if (options.expect_error && fault->target &&
      !(run.exited && run.exit_code != 0 &&
        check::names_failure(run.errors, *fault->target, fault->error))) {
    const std::pair<check::Function, int> key{*fault->target, fault->error};
    const bool may_recover =
        std::find(options.recoverable.begin(), options.recoverable.end(),
                  key) != options.recoverable.end();
    return may_recover && run.exited && run.exit_code == 0
               ? RunVerdict::recovered
               : RunVerdict::unreported;
  }
  return RunVerdict::ok;
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
