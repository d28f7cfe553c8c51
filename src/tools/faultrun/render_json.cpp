// The JSON document of --format json. Keys of version 1 are never renamed
// or removed; later additions are new keys.
#include <signal.h>
#include <string.h>

#include <map>

#include "ffikit/check/json_writer.hpp"
#include "ffikit/check/trace_format.hpp"
#include "grouping.hpp"
#include "render.hpp"

namespace ffikit::faultrun {
namespace {

using Writer = check::json::Writer<StreamSink>;

// At most this much of a run's stderr goes into the document.
constexpr std::size_t stderr_kept = 4096;

void strings(Writer& w, const std::vector<std::string>& list) {
  w.raw("[");
  for (std::size_t i = 0; i < list.size(); ++i) {
    w.raw(i == 0 ? "" : ",");
    w.string(list[i]);
  }
  w.raw("]");
}

void finding(Writer& w, const check::Finding& f, const JudgedRun& run,
             std::size_t process, const char* severity) {
  const auto& modules = run.run.processes[process].modules;
  w.raw("{");
  w.key("kind", true);
  w.string(check::kind_name(f.kind));
  w.key("severity");
  w.string(severity);
  w.key("message");
  w.string(check::describe(f));
  w.key("site");
  w.string(f.site != 0 ? check::site_text(f.site, modules) : "");
  w.key("acquired_site");
  w.string(f.acquired_site != 0 ? check::site_text(f.acquired_site, modules)
                                : "");
  w.key("site_location");
  w.string(run.where(process, f.site));
  w.key("acquired_location");
  w.string(run.where(process, f.acquired_site));
  w.raw("}");
}

void lint(Writer& w, const Lint& l, const JudgedRun& run) {
  const auto& modules = run.run.processes[l.process].modules;
  w.raw("{");
  w.key("kind", true);
  w.string(l.kind);
  w.key("severity");
  w.string("lint");
  w.key("message");
  w.string(l.message);
  w.key("site");
  w.string(l.site != 0 ? check::site_text(l.site, modules) : "");
  w.key("acquired_site");
  w.string("");
  w.key("site_location");
  w.string(run.where(l.process, l.site));
  w.key("count");
  w.unsigned_number(l.count);
  w.raw("}");
}

void ended(Writer& w, const RunResult& run) {
  w.raw("{");
  if (run.retry_loop) {
    w.key("how", true);
    w.string("stopped");
    w.key("reason");
    w.string("retry loop");
  } else if (run.timed_out) {
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

void one_run(Writer& w, std::size_t index, const Results& results) {
  const JudgedRun& judged = results.runs[index];
  const bool first_run = index == 0;
  w.raw(first_run ? "{" : ",{");
  w.key("fault", true);
  if (judged.fault) {
    w.string(check::format_fault(*judged.fault));
  } else {
    w.raw("null");
  }
  if (!judged.input.empty()) {
    w.key("input");
    w.string(judged.input);
  }
  w.key("verdict");
  w.string(json_name(judged.verdict));
  w.key("reason");
  w.string(judged.reason);
  w.key("ended");
  ended(w, judged.run);
  w.key("stderr");
  w.string(judged.run.errors.substr(0, stderr_kept));
  w.key("lingering");
  w.raw("[");
  for (std::size_t i = 0; i < judged.run.lingering.size(); ++i) {
    w.raw(i == 0 ? "" : ",");
    w.number(judged.run.lingering[i]);
  }
  w.raw("]");
  w.key("output_held");
  w.boolean(judged.run.output_held);
  w.key("blocked_in");
  w.string(judged.run.timed_out ? judged.run.blocked_in : "");
  w.key("last_calls");
  strings(w, judged.verdict == RunVerdict::hung ||
                     judged.verdict == RunVerdict::crashed
                 ? last_calls(judged)
                 : std::vector<std::string>{});
  w.key("processes");
  w.raw("[");
  for (std::size_t p = 0; p < judged.run.processes.size(); ++p) {
    const check::ProcessReport& process = judged.run.processes[p];
    w.raw(p == 0 ? "{" : ",{");
    w.key("pid", true);
    w.number(process.pid);
    w.key("executable");
    w.string(process.executable);
    w.key("ended");
    w.string(check::ending_name(process.ending));
    w.key("calls");
    w.string(call_counts(process));
    if (results.mode == Results::Mode::trace) {
      // The whole trace of a single run, for scripts that pick call
      // numbers (e.g. which open reads their file) for --calls.
      w.key("trace");
      w.raw("[");
      for (std::size_t e = 0; e < process.report.trace.size(); ++e) {
        w.raw(e == 0 ? "" : ",");
        w.string(check::format_event(process.report.trace[e], false));
      }
      w.raw("]");
    }
    w.key("findings");
    w.raw("[");
    bool first = true;
    const auto each = [&](const std::vector<check::Finding>& list,
                          const char* severity) {
      for (const check::Finding& f : list) {
        w.raw(first ? "" : ",");
        first = false;
        finding(w, f, judged, p, severity);
      }
    };
    each(process.report.violations, "error");
    each(process.report.leaks, "error");
    each(process.report.policy, "policy");
    for (const Lint& l : results.lints) {
      if (l.run == index && l.process == p) {
        w.raw(first ? "" : ",");
        first = false;
        lint(w, l, judged);
      }
    }
    w.raw("]}");
  }
  w.raw("]}");
}

const char* mode_name(Results::Mode mode) {
  switch (mode) {
    case Results::Mode::trace:
      return "trace";
    case Results::Mode::sweep:
      return "sweep";
    case Results::Mode::inputs:
      return "inputs";
  }
  return "?";
}

}  // namespace

void print_json(std::ostream& out, const Results& results) {
  StreamSink sink{out};
  Writer w(sink);
  w.raw("{");
  w.key("format", true);
  w.string("ffikit-faultrun");
  w.key("version");
  w.number(1);
  w.key("mode");
  w.string(mode_name(results.mode));
  w.key("command");
  strings(w, results.command);
  w.key("verdict");
  w.string(json_name(results.verdict));
  w.key("runs");
  w.raw("[");
  for (std::size_t i = 0; i < results.runs.size(); ++i) {
    one_run(w, i, results);
  }
  w.raw("]");
  w.key("groups");
  w.raw("[");
  for (std::size_t i = 0; i < results.groups.size(); ++i) {
    const Group& g = results.groups[i];
    w.raw(i == 0 ? "{" : ",{");
    w.key("kind", true);
    w.string(g.kind);
    w.key("severity");
    w.string(g.severity);
    w.key("title");
    w.string(g.title);
    w.key("cases");
    w.unsigned_number(g.runs.size());
    w.key("when");
    strings(w, g.when);
    w.key("example");
    w.string(g.example);
    w.key("acquired_at");
    w.string(g.acquired_at);
    w.key("at");
    w.string(g.at);
    w.key("last_calls");
    strings(w, g.last_calls);
    w.key("reproduce");
    w.string(g.reproduce);
    w.raw("}");
  }
  w.raw("]");
  std::map<std::string, std::size_t> tally;
  const std::size_t first = results.mode == Results::Mode::sweep ? 1 : 0;
  for (std::size_t i = first; i < results.runs.size(); ++i) {
    ++tally[json_name(results.runs[i].verdict)];
  }
  w.key("summary");
  w.raw("{");
  w.key("cases", true);
  w.unsigned_number(results.runs.size() - first);
  w.key("verdicts");
  w.raw("{");
  bool first_entry = true;
  for (const auto& [name, count] : tally) {
    w.key(name, first_entry);
    first_entry = false;
    w.unsigned_number(count);
  }
  w.raw("}");
  w.key("failed");
  w.boolean(results.failed);
  w.raw("}}\n");
}

}  // namespace ffikit::faultrun
