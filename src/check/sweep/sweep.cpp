#include "ffikit/check/sweep.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/session.hpp"
#include "monitor.hpp"

namespace ffikit::check {
namespace {

std::vector<std::string> findings_of(const Report& report) {
  std::vector<std::string> out;
  for (const Finding& finding : report.leaks) {
    out.push_back(describe(finding));
  }
  for (const Finding& finding : report.violations) {
    out.push_back(describe(finding));
  }
  return out;
}

// What a surviving child prints, for judge_child() to read back.
std::string child_line(const Outcome& outcome, const Report& report) {
  std::string line = "ffikit-sweep: ";
  line += outcome.ok() ? "ok - 0"
                       : "error " + outcome.operation + ' ' +
                             std::to_string(outcome.error);
  line += " leaks " + std::to_string(report.leaks.size()) + " violations " +
          std::to_string(report.violations.size()) + " fired " +
          (report.fault_fired ? "1" : "0") + '\n';
  return line;
}

// Registered in each child: if the code under test calls exit(), say what
// it still held at that moment.
void report_held_at_exit() {
  if (!detail::armed()) {
    return;
  }
  detail::disarm();
  const std::string line = "ffikit-sweep-exit: held " +
                           std::to_string(detail::snapshot().leaks.size()) +
                           "\n";
  static_cast<void>(std::fputs(line.c_str(), stdout));
  static_cast<void>(std::fflush(stdout));
}

std::size_t held_from(const std::string& output) {
  const std::size_t at = output.find("ffikit-sweep-exit: held ");
  return at == std::string::npos
             ? 0
             : std::strtoull(output.c_str() + at + 24, nullptr, 10);
}

SweepCase run_case(const std::function<Outcome()>& operation,
                   const SweepOptions& options, const FaultPlan& plan) {
  SweepCase result;
  result.plan = plan;
  Options watch;
  watch.nesting = options.nesting;
  watch.fault = plan;
  if (options.in_child) {
    result.child = run_in_child([&] {
      static_cast<void>(std::atexit(report_held_at_exit));
      Session session(watch);
      const Outcome outcome = operation();
      session.disarm();
      const std::string line = child_line(outcome, session.report());
      static_cast<void>(std::fputs(line.c_str(), stdout));
    });
    result.verdict = judge_child(plan, result.child, options.recoverable);
    result.held_at_exit = held_from(result.child.output);
    return result;
  }
  Session session(watch);
  result.outcome = operation();
  session.disarm();
  const Report report = session.report();
  result.findings = findings_of(report);
  result.verdict =
      judge(plan, result.outcome, report.fault_fired, report.leaks.size(),
            report.violations.size(), options.recoverable);
  session.release_leaks();
  return result;
}

}  // namespace

const char* verdict_name(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::clean_error:
      return "clean error";
    case Verdict::swallowed:
      return "swallowed";
    case Verdict::recovered:
      return "recovered";
    case Verdict::wrong_error:
      return "wrong error";
    case Verdict::leaked:
      return "leaked";
    case Verdict::violated:
      return "violated";
    case Verdict::not_reached:
      return "not reached";
    case Verdict::died_with_message:
      return "died with message";
    case Verdict::died_otherwise:
      return "died without message";
    case Verdict::crashed:
      return "crashed";
    case Verdict::hung:
      return "hung";
    case Verdict::not_started:
      return "not started";
  }
  return "?";
}

Verdict judge(const FaultPlan& plan, const Outcome& outcome, bool fired,
              std::size_t leaks, std::size_t violations,
              std::span<const Recoverable> recoverable) {
  if (violations > 0) {
    return Verdict::violated;
  }
  if (leaks > 0) {
    return Verdict::leaked;
  }
  if (!fired) {
    return Verdict::not_reached;
  }
  if (outcome.ok()) {
    const bool may_recover =
        plan.target &&
        std::find(recoverable.begin(), recoverable.end(),
                  Recoverable{*plan.target, plan.error}) != recoverable.end();
    return may_recover ? Verdict::recovered : Verdict::swallowed;
  }
  const bool same_call = plan.target && outcome.operation == name(*plan.target);
  return same_call && outcome.error == plan.error ? Verdict::clean_error
                                                  : Verdict::wrong_error;
}

Verdict judge_child(const FaultPlan& plan, const ChildResult& child,
                    std::span<const Recoverable> recoverable) {
  if (child.spawn_error != 0) {
    return Verdict::not_started;
  }
  if (child.timed_out) {
    return Verdict::hung;
  }
  if (child.signal != 0) {
    return Verdict::crashed;
  }
  const std::size_t at = child.output.find("ffikit-sweep: ");
  if (child.exited && child.exit_code == 0 && at != std::string::npos) {
    std::istringstream line(child.output.substr(at + 14));
    std::string status, operation;
    int error = 0, fired = 0;
    std::size_t leaks = 0, violations = 0;
    std::string word;
    line >> status >> operation >> error >> word >> leaks >> word >>
        violations >> word >> fired;
    const Outcome outcome{status == "ok" ? std::string() : operation, error};
    return judge(plan, outcome, fired == 1, leaks, violations, recoverable);
  }
  if (plan.target && names_failure(child.output, *plan.target, plan.error)) {
    return Verdict::died_with_message;
  }
  return Verdict::died_otherwise;
}

std::size_t SweepReport::count(Verdict verdict) const noexcept {
  std::size_t n = 0;
  for (const SweepCase& c : cases) {
    n += c.verdict == verdict ? 1U : 0U;
  }
  return n;
}

SweepReport sweep(const std::function<Outcome()>& operation,
                  const SweepOptions& options) {
  SweepReport report;
  {
    Options counting;
    counting.nesting = options.nesting;
    Session session(counting);
    report.clean = operation();
    session.disarm();
    const Report counted = session.report();
    report.calls = counted.calls;
    report.clean_findings = findings_of(counted);
    session.release_leaks();
  }
  for (const Function function : options.functions) {
    const std::size_t calls = report.calls[static_cast<std::size_t>(function)];
    for (std::size_t nth = 1; nth <= calls; ++nth) {
      for (const int error : documented_errors(function)) {
        for (const bool persistent : {false, true}) {
          if ((persistent && !options.persistent) ||
              (!persistent && !options.transient)) {
            continue;
          }
          report.cases.push_back(run_case(
              operation, options, FaultPlan{function, nth, error, persistent}));
        }
      }
    }
  }
  return report;
}

}  // namespace ffikit::check
