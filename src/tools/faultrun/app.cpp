#include "app.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "grouping.hpp"
#include "hostile_inputs.hpp"
#include "lints.hpp"
#include "locate.hpp"
#include "options.hpp"
#include "plan.hpp"
#include "render.hpp"
#include "runner.hpp"
#include "symbolize.hpp"
#include "target.hpp"
#include "verdict.hpp"
#include "watched_run.hpp"

namespace ffikit::faultrun {
namespace {

using check::FaultPlan;
using check::Function;

// What every mode shares: the options, the preload library, the program.
struct Context {
  const Options& options;
  std::string preload;
  std::string program;
  std::string self;
  std::ostream& out;
  std::ostream& err;
  [[nodiscard]] bool text() const {
    return options.format == Options::Format::text;
  }
};

std::optional<FileFacts> stat_path(const std::string& path) {
  struct stat info {};
  // SAFETY: a NUL-terminated path; stat only fills info.
  if (::stat(path.c_str(), &info) != 0) {
    return std::nullopt;
  }
  const mode_t type = info.st_mode & S_IFMT;
  const unsigned device_major = major(info.st_rdev);
  return FileFacts{type, device_major};
}

JudgedRun judged_run(const Context& c, const std::vector<std::string>& command,
                     const std::optional<FaultPlan>& fault, bool show_stdout,
                     bool compact_it) {
  JudgedRun judged;
  judged.fault = fault;
  judged.run =
      run_watched(c.options, command, c.preload, c.program, fault, show_stdout);
  Judgement j = judge(judged.run, fault, c.options);
  judged.verdict = j.verdict;
  judged.reason = std::move(j.reason);
  if (compact_it) {
    compact(judged.run, judged.verdict == RunVerdict::hung ||
                            judged.verdict == RunVerdict::crashed);
  }
  return judged;
}

// Resolves every call site a report will show; runs only once no program
// will be started any more (libdw opens files without close-on-exec).
void locate_sites(Results& results) {
  Symbolizer symbolizer;
  for (JudgedRun& run : results.runs) {
    run.sites.assign(run.run.processes.size(), {});
    for (std::size_t p = 0; p < run.run.processes.size(); ++p) {
      const check::ProcessReport& process = run.run.processes[p];
      auto& sites = run.sites[p];
      const auto add = [&](std::uintptr_t site) {
        if (site != 0 && sites.find(site) == sites.end()) {
          sites.emplace(site, symbolizer.locate(site, process.modules));
        }
      };
      for (const auto* list : {&process.report.violations,
                               &process.report.leaks, &process.report.policy}) {
        for (const check::Finding& f : *list) {
          add(f.site);
          add(f.acquired_site);
        }
      }
      if (run.verdict == RunVerdict::hung ||
          run.verdict == RunVerdict::crashed) {
        for (const check::Event& e : process.report.trace) {
          add(e.site);
        }
      }
    }
  }
  for (const Lint& lint : results.lints) {
    JudgedRun& run = results.runs[lint.run];
    const auto& modules = run.run.processes[lint.process].modules;
    run.sites[lint.process].emplace(lint.site,
                                    symbolizer.locate(lint.site, modules));
  }
}

void lint_run(Results& results, std::size_t index) {
  const JudgedRun& run = results.runs[index];
  for (std::size_t p = 0; p < run.run.processes.size(); ++p) {
    for (Lint& lint :
         lint_trace(run.run.processes[p].report.trace, p, stat_path)) {
      lint.run = index;
      results.lints.push_back(std::move(lint));
    }
  }
}

// Lints, call sites, groups, the overall verdict; then the report.
// One lint per kind and call site over all runs (--inputs lints each).
void merge_lints(Results& results) {
  std::vector<Lint> merged;
  std::map<std::string, std::size_t> seen;
  for (Lint& lint : results.lints) {
    const std::string key =
        lint.kind + "|" + results.runs[lint.run].where(lint.process, lint.site);
    if (const auto it = seen.find(key); it != seen.end()) {
      merged[it->second].count += lint.count;
      continue;
    }
    seen.emplace(key, merged.size());
    merged.push_back(std::move(lint));
  }
  results.lints = std::move(merged);
}

int finish(const Context& c, Results& results) {
  locate_sites(results);
  merge_lints(results);
  std::vector<std::string> prefix = {c.self};
  const std::vector<std::string> judging = judging_arguments(c.options);
  prefix.insert(prefix.end(), judging.begin(), judging.end());
  results.groups =
      group_failures(results.runs, prefix, results.command, results.mode);
  results.failed = false;
  results.verdict = RunVerdict::ok;
  for (const JudgedRun& run : results.runs) {
    if (is_failure(run.verdict)) {
      results.failed = true;
      results.verdict = std::max(results.verdict, run.verdict);
    }
  }
  if (results.mode == Results::Mode::trace && !results.failed) {
    results.verdict = results.runs.front().verdict;
  }
  switch (c.options.format) {
    case Options::Format::text:
      if (results.mode == Results::Mode::trace) {
        const JudgedRun& run = results.runs.front();
        c.out.flush();
        c.err << run.run.errors;
        print_processes(c.out, run, results.lints, true);
        if (run.verdict == RunVerdict::hung ||
            run.verdict == RunVerdict::crashed) {
          // What the trace file kept of a program that never finished.
          const std::vector<std::string> calls = last_calls(run);
          c.out << "last calls before the end:\n";
          for (std::size_t i = calls.size() > 8 ? calls.size() - 8 : 0;
               i < calls.size(); ++i) {
            c.out << "  " << calls[i] << '\n';
          }
        }
        std::string summary = how_it_ended(run.run) + "; ";
        const check::ProcessReport* main = run.run.main_report();
        summary += main != nullptr ? call_counts(*main) : "no report";
        if (run.run.processes.size() > 1) {
          summary +=
              "; " + std::to_string(run.run.processes.size()) + " processes";
        }
        c.out << "-- " << summary << "; " << verdict_name(run.verdict)
              << (run.reason.empty() ? "" : " (" + run.reason + ")") << '\n';
      } else {
        print_text_summary(c.out, results);
      }
      break;
    case Options::Format::json:
      print_json(c.out, results);
      break;
    case Options::Format::markdown:
      print_markdown(c.out, results);
      break;
    case Options::Format::sarif:
      print_sarif(c.out, results, c.options);
      break;
  }
  return results.failed ? 1 : 0;
}

int trace_once(const Context& c) {
  Results results;
  results.mode = Results::Mode::trace;
  results.command = c.options.command;
  results.runs.push_back(
      judged_run(c, c.options.command, c.options.fault, c.text(), false));
  lint_run(results, 0);
  return finish(c, results);
}

int sweep(const Context& c) {
  Results results;
  results.mode = Results::Mode::sweep;
  results.command = c.options.command;
  results.runs.push_back(
      judged_run(c, c.options.command, std::nullopt, false, false));
  const JudgedRun& clean = results.runs.front();
  const check::ProcessReport* counted = clean.run.main_report();
  if (c.text()) {
    c.out << "clean run: " << how_it_ended(clean.run) << "; "
          << (counted != nullptr ? call_counts(*counted) : "no report") << "; "
          << verdict_name(clean.verdict)
          << (clean.reason.empty() ? "" : " (" + clean.reason + ")") << '\n';
  }
  if (counted == nullptr) {
    c.err << clean.run.errors
          << "ffikit-faultrun: the clean run produced no report, so there is "
             "nothing to count calls from\n";
    finish(c, results);
    return 2;
  }
  lint_run(results, 0);
  const std::vector<FaultPlan> plans = plan_cases(c.options, counted->report);
  compact(results.runs.front().run, false);
  if (c.text() && !c.options.quiet) {
    c.out << table_header() << '\n';
  }
  results.runs.resize(1 + plans.size());
  run_cases(
      plans.size(), c.options.jobs,
      [&](std::size_t i) {
        return judged_run(c, c.options.command, plans[i], false, true);
      },
      [&](std::size_t i, JudgedRun&& judged) {
        if (c.text() && (!c.options.quiet || is_failure(judged.verdict))) {
          c.out << table_row(*judged.fault, judged.run, judged.verdict) << '\n';
        }
        results.runs[1 + i] = std::move(judged);
      });
  return finish(c, results);
}

int inputs(const Context& c) {
  const HostileInputs built;
  if (!built.error().empty()) {
    c.err << "ffikit-faultrun: cannot build the hostile inputs: "
          << built.error() << '\n';
    return 2;
  }
  Results results;
  results.mode = Results::Mode::inputs;
  results.command = c.options.command;
  const auto& list = built.inputs();
  if (c.text()) {
    c.out << input_header() << '\n';
  }
  results.runs.resize(list.size());
  run_cases(
      list.size(), c.options.jobs,
      [&](std::size_t i) {
        JudgedRun judged =
            judged_run(c, substitute(c.options.command, list[i].path),
                       std::nullopt, false, false);
        judged.input = list[i].name;
        if (c.options.expect_error && judged.verdict == RunVerdict::ok &&
            judged.run.exit_code != 0 &&
            judged.run.errors.find_first_not_of(" \t\r\n") ==
                std::string::npos) {
          judged.verdict = RunVerdict::unnamed;
          judged.reason = "exit " + std::to_string(judged.run.exit_code) +
                          " and nothing on stderr";
        }
        return judged;
      },
      [&](std::size_t i, JudgedRun&& judged) {
        if (c.text()) {
          c.out << input_row(judged) << '\n';
        }
        results.runs[i] = std::move(judged);
      });
  for (std::size_t i = 0; i < results.runs.size(); ++i) {
    lint_run(results, i);
    compact(results.runs[i].run,
            results.runs[i].verdict == RunVerdict::hung ||
                results.runs[i].verdict == RunVerdict::crashed);
  }
  return finish(c, results);
}

}  // namespace

int faultrun_main(const std::vector<std::string>& args, const std::string& self,
                  std::ostream& out, std::ostream& err) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    out << usage();
    return 0;
  }
  std::string error;
  const std::optional<Options> options = parse_options(args, error);
  if (!options) {
    err << "ffikit-faultrun: " << error << "\n\n" << usage();
    return 2;
  }
  Context c{*options, locate_preload(), {}, self, out, err};
  if (c.preload.empty()) {
    err << "ffikit-faultrun: cannot find libffikit-check-preload.so "
           "beside this program; set FFIKIT_PRELOAD\n";
    return 2;
  }
  const Target target = watch_target(options->command.front());
  if (!target.reason.empty()) {
    err << "ffikit-faultrun: " << (target.cannot_start ? "" : "cannot watch: ")
        << target.reason << '\n';
    if (!c.text()) {
      Results results;
      results.command = options->command;
      JudgedRun judged;
      judged.run.start_error = target.reason;
      judged.verdict = RunVerdict::cannot_watch;
      judged.reason = target.reason;
      results.runs.push_back(std::move(judged));
      finish(c, results);
    }
    return 2;
  }
  c.program = target.program;
  if (options->inputs) {
    return inputs(c);
  }
  if (options->trace || options->fault) {
    return trace_once(c);
  }
  return sweep(c);
}

}  // namespace ffikit::faultrun
