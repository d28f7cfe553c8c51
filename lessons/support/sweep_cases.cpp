#include "ffikit/lessons/sweep_cases.hpp"

#include <string.h>  // strsignal, sigabbrev_np (GNU)

#include <cstring>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/fault.hpp"
#include "ffikit/check/session.hpp"

namespace ffikit::lessons {
namespace {

std::string errno_text(int error) {
  const char* name = check::errno_name(error);
  return name != nullptr ? name : std::to_string(error);
}

std::string last_line(const std::string& output) {
  std::string text = output;
  while (!text.empty() && text.back() == '\n') {
    text.pop_back();
  }
  const std::size_t start = text.rfind('\n');
  return start == std::string::npos ? text : text.substr(start + 1);
}

// Runs one case again in this process, for the findings a child could not
// send back.
std::vector<std::string> findings_in_process(
    const check::FaultPlan& plan,
    const std::function<check::Outcome()>& operation, check::Nesting nesting,
    check::Outcome& outcome) {
  check::Options options;
  options.nesting = nesting;
  options.fault = plan;
  check::Session session(options);
  outcome = operation();
  session.disarm();
  const check::Report report = session.report();
  std::vector<std::string> found;
  for (const check::Finding& leak : report.leaks) {
    found.push_back(check::describe(leak));
  }
  for (const check::Finding& violation : report.violations) {
    found.push_back(check::describe(violation));
  }
  session.release_leaks();
  return found;
}

}  // namespace

std::vector<std::string> unclean_cases(
    const check::SweepReport& report,
    const std::function<check::Outcome()>& operation, check::Nesting nesting) {
  std::vector<std::string> lines;
  for (const check::SweepCase& c : report.cases) {
    if (c.verdict == check::Verdict::clean_error) {
      continue;
    }
    std::string line = check::format_fault(c.plan) + ": " +
                       check::verdict_name(c.verdict);
    if (c.verdict == check::Verdict::crashed) {
      const char* abbrev = ::sigabbrev_np(c.child.signal);
      line += std::string(" with SIG") + (abbrev != nullptr ? abbrev : "?") +
              " (" + ::strsignal(c.child.signal) + ")";
      const std::string last = last_line(c.child.output);
      if (!last.empty()) {
        line += "; last output: " + last;
      }
      lines.push_back(line);
      continue;
    }
    if (c.verdict == check::Verdict::hung) {
      line += " (killed by the sweep's timeout)";
      lines.push_back(line);
      continue;
    }
    check::Outcome outcome = c.outcome;
    std::vector<std::string> findings = c.findings;
    if (c.child.exited || c.child.signal != 0 || c.child.timed_out) {
      findings = findings_in_process(c.plan, operation, nesting, outcome);
    }
    line += outcome.ok() ? " (reported success)"
                         : " (reported '" + outcome.operation + "' errno " +
                               errno_text(outcome.error) + ")";
    if (!findings.empty()) {
      line += "; " + findings.front();
    }
    lines.push_back(line);
  }
  return lines;
}

std::string first_lines(const std::vector<std::string>& lines,
                        std::size_t limit) {
  std::string text;
  for (std::size_t i = 0; i < lines.size() && i < limit; ++i) {
    text += "  " + lines[i] + "\n";
  }
  if (lines.size() > limit) {
    text += "  ... and " + std::to_string(lines.size() - limit) + " more\n";
  }
  return text;
}

}  // namespace ffikit::lessons
