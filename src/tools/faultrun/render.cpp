#include "render.hpp"

#include <signal.h>
#include <string.h>

#include "ffikit/check/json_writer.hpp"
#include "ffikit/check/trace_format.hpp"

namespace ffikit::faultrun {
namespace {

struct StreamSink {
  std::ostream& out;
  void put(std::string_view text) { out << text; }
};

std::string finding_line(const check::Finding& f,
                         const check::ProcessReport& process) {
  std::string line = check::describe(f);
  if (f.site != 0) {
    line += " [at " + check::site_text(f.site, process.modules) + "]";
  }
  if (f.acquired_site != 0) {
    line += " [acquired " + check::site_text(f.acquired_site, process.modules) +
            "]";
  }
  return line;
}

void json_finding(check::json::Writer<StreamSink>& w, const check::Finding& f,
                  const check::ProcessReport& process, const char* severity) {
  w.raw("{");
  w.key("kind", true);
  w.string(check::kind_name(f.kind));
  w.key("severity");
  w.string(severity);
  w.key("message");
  w.string(check::describe(f));
  w.key("site");
  w.string(f.site != 0 ? check::site_text(f.site, process.modules) : "");
  w.key("acquired_site");
  w.string(f.acquired_site != 0
               ? check::site_text(f.acquired_site, process.modules)
               : "");
  w.raw("}");
}

void json_ended(check::json::Writer<StreamSink>& w, const RunResult& run) {
  w.raw("{");
  if (run.timed_out) {
    w.key("how", true);
    w.string("timeout");
  } else if (run.signal != 0) {
    w.key("how", true);
    w.string("signal");
    w.key("signal");
    const char* abbrev = ::sigabbrev_np(run.signal);
    w.string(abbrev != nullptr ? std::string("SIG") + abbrev
                               : std::to_string(run.signal));
  } else if (run.exited) {
    w.key("how", true);
    w.string("exit");
    w.key("status");
    w.number(run.exit_code);
  } else {
    w.key("how", true);
    w.string("not started");
    w.key("reason");
    w.string(run.start_error);
  }
  w.raw("}");
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

void print_processes(std::ostream& out, const RunResult& run, bool with_trace) {
  const bool several = run.processes.size() > 1;
  for (const check::ProcessReport& process : run.processes) {
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
      out << "  violation: " << finding_line(f, process) << '\n';
    }
    for (const check::Finding& f : process.report.leaks) {
      out << "  leak: " << finding_line(f, process) << '\n';
    }
    for (const check::Finding& f : process.report.policy) {
      out << "  policy: " << finding_line(f, process) << '\n';
    }
    if (process.report.overflow != 0) {
      out << "  note: " << process.report.overflow
          << " events or findings did not fit the checker's tables\n";
    }
  }
  for (const std::string& why : run.unreadable) {
    out << "  unreadable report: " << why << '\n';
  }
}

void print_json(std::ostream& out, const std::vector<std::string>& command,
                const std::vector<JudgedRun>& runs, RunVerdict verdict) {
  StreamSink sink{out};
  check::json::Writer<StreamSink> w(sink);
  w.raw("{");
  w.key("format", true);
  w.string("ffikit-faultrun");
  w.key("version");
  w.number(1);
  w.key("command");
  w.raw("[");
  for (std::size_t i = 0; i < command.size(); ++i) {
    w.raw(i == 0 ? "" : ",");
    w.string(command[i]);
  }
  w.raw("]");
  w.key("verdict");
  w.string(verdict_name(verdict));
  w.key("runs");
  w.raw("[");
  bool first_run = true;
  for (const JudgedRun& judged : runs) {
    w.raw(first_run ? "{" : ",{");
    first_run = false;
    w.key("fault", true);
    if (judged.fault) {
      w.string(check::format_fault(*judged.fault));
    } else {
      w.raw("null");
    }
    w.key("verdict");
    w.string(verdict_name(judged.verdict));
    w.key("ended");
    json_ended(w, judged.run);
    w.key("processes");
    w.raw("[");
    bool first_process = true;
    for (const check::ProcessReport& p : judged.run.processes) {
      w.raw(first_process ? "{" : ",{");
      first_process = false;
      w.key("pid", true);
      w.number(p.pid);
      w.key("executable");
      w.string(p.executable);
      w.key("ended");
      w.string(check::ending_name(p.ending));
      w.key("calls");
      w.string(call_counts(p));
      w.key("findings");
      w.raw("[");
      bool first_finding = true;
      const auto each = [&](const std::vector<check::Finding>& list,
                            const char* severity) {
        for (const check::Finding& f : list) {
          w.raw(first_finding ? "" : ",");
          first_finding = false;
          json_finding(w, f, p, severity);
        }
      };
      each(p.report.violations, "error");
      each(p.report.leaks, "error");
      each(p.report.policy, "policy");
      w.raw("]}");
    }
    w.raw("]}");
  }
  w.raw("]}\n");
}

}  // namespace ffikit::faultrun
