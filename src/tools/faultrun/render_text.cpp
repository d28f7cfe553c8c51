// Text output: per-process traces and findings, the grouped findings after
// a table, and the summary lines.
#include <map>

#include "ffikit/check/trace_format.hpp"
#include "grouping.hpp"
#include "render.hpp"

namespace ffikit::faultrun {
namespace {

std::string finding_line(const check::Finding& f, const JudgedRun& run,
                         std::size_t process) {
  std::string line = check::describe(f);
  if (const std::string at = run.where(process, f.site); !at.empty()) {
    line += "\n      at " + at;
  }
  if (const std::string from = run.where(process, f.acquired_site);
      !from.empty()) {
    line += "\n      acquired at " + from;
  }
  return line;
}

std::string first_line(const std::string& text) {
  const std::size_t start = text.find_first_not_of('\n');
  if (start == std::string::npos) {
    return {};
  }
  return text.substr(start, text.find('\n', start) - start);
}

}  // namespace

std::string call_counts(const check::ProcessReport& process) {
  std::string out;
  for (const check::Function function : check::all_functions) {
    const std::size_t n = process.report.calls_of(function);
    if (n != 0) {
      out += std::string(out.empty() ? "" : ", ") + check::name(function) +
             ' ' + std::to_string(n);
    }
  }
  return out.empty() ? "no watched calls" : out;
}

void print_processes(std::ostream& out, const JudgedRun& run,
                     const std::vector<Lint>& lints, bool with_trace) {
  const auto& processes = run.run.processes;
  const bool several = processes.size() > 1;
  for (std::size_t p = 0; p < processes.size(); ++p) {
    const check::ProcessReport& process = processes[p];
    if (several) {
      out << "== process " << process.pid << " ("
          << (process.executable.empty() ? "?" : process.executable) << "), "
          << check::ending_name(process.ending) << '\n';
    }
    if (with_trace) {
      out << check::format_trace(process.report.trace);
      if (process.report.dropped_events != 0) {
        out << "  (" << process.report.dropped_events
            << " earlier calls not kept)\n";
      }
    }
    for (const check::Finding& f : process.report.violations) {
      out << "  violation: " << finding_line(f, run, p) << '\n';
    }
    for (const check::Finding& f : process.report.leaks) {
      out << "  leak: " << finding_line(f, run, p) << '\n';
    }
    for (const check::Finding& f : process.report.policy) {
      out << "  policy: " << finding_line(f, run, p) << '\n';
    }
    for (const Lint& lint : lints) {
      if (lint.process == p) {
        out << "  lint: " << lint.kind << ": " << lint.message
            << (lint.count > 1 ? " (" + std::to_string(lint.count) + " calls)"
                               : "")
            << "\n      at " << run.where(p, lint.site) << '\n';
      }
    }
    if (process.report.overflow != 0) {
      out << "  note: " << process.report.overflow
          << " events or findings did not fit the checker's tables\n";
    }
  }
  for (const pid_t pid : run.run.lingering) {
    out << "  note: lingering child: process " << pid
        << " still ran after the program exited and its grace period; "
           "killed\n";
  }
  if (run.run.output_held) {
    out << "  note: a process outside the program's group still held stderr "
           "after the grace period; output read up to then\n";
  }
  if (!run.run.blocked_in.empty() && run.run.timed_out) {
    out << "  note: blocked in " << run.run.blocked_in << '\n';
  }
  for (const std::string& why : run.run.unreadable) {
    out << "  unreadable report: " << why << '\n';
  }
}

void print_text_summary(std::ostream& out, const Results& results) {
  if (!results.groups.empty()) {
    out << "findings, one per root cause:\n";
    std::size_t n = 0;
    for (const Group& g : results.groups) {
      out << "  " << ++n << ". [" << g.severity << "] " << g.title << '\n'
          << "     e.g. " << g.example << '\n';
      if (!g.last_calls.empty()) {
        out << "     last calls:\n";
        for (const std::string& call : g.last_calls) {
          out << "       " << call << '\n';
        }
      }
      out << "     reproduce: " << g.reproduce << '\n';
    }
  }
  if (!results.lints.empty()) {
    out << "lints (calls that worked but deserve a look):\n";
    for (const Lint& lint : results.lints) {
      out << "  " << lint.kind << ": " << lint.message
          << (lint.count > 1 ? " (" + std::to_string(lint.count) + " calls)"
                             : "")
          << "\n      at "
          << results.runs[lint.run].where(lint.process, lint.site) << '\n';
    }
  }
  std::map<RunVerdict, std::size_t> tally;
  const std::size_t first = results.mode == Results::Mode::sweep ? 1 : 0;
  for (std::size_t i = first; i < results.runs.size(); ++i) {
    ++tally[results.runs[i].verdict];
  }
  out << "summary: " << results.runs.size() - first << " cases";
  for (const auto& [verdict, count] : tally) {
    out << ", " << count << ' ' << verdict_name(verdict);
  }
  if (results.mode == Results::Mode::sweep &&
      is_failure(results.runs.front().verdict)) {
    out << "; clean run " << verdict_name(results.runs.front().verdict);
  }
  out << '\n' << "result: " << (results.failed ? "FAIL" : "PASS") << '\n';
}

std::string input_header() {
  return pad("input", 18) + pad("ended", 20) + pad("leaks", 5) +
         pad("viol", 4) + pad("verdict", 12) + "stderr";
}

std::string input_row(const JudgedRun& run) {
  const bool reported = !run.run.processes.empty();
  return pad(run.input, 18) + pad(how_it_ended(run.run), 20) +
         pad(reported ? std::to_string(run.run.leaks()) : "-", 5) +
         pad(reported ? std::to_string(run.run.violations()) : "-", 4) +
         pad(verdict_name(run.verdict), 12) + first_line(run.run.errors);
}

}  // namespace ffikit::faultrun
