// ffikit-faultrun: the lifetime checker and fault injector for any
// dynamically linked program, from the outside.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "ffikit/check/errno_catalog.hpp"
#include "locate.hpp"
#include "options.hpp"
#include "render.hpp"
#include "target.hpp"
#include "verdict.hpp"
#include "watched_run.hpp"

namespace {

using ffikit::check::FaultPlan;
using ffikit::check::Function;
using namespace ffikit::faultrun;

std::string summary_line(const RunResult& run) {
  const ffikit::check::ProcessReport* main = run.main_report();
  std::string out = how_it_ended(run) + "; ";
  out += main != nullptr ? call_counts(*main) : std::string("no report");
  if (run.processes.size() > 1) {
    out += "; " + std::to_string(run.processes.size()) + " processes";
  }
  return out;
}

int trace_once(const Options& options, const std::string& preload,
               const std::string& program) {
  JudgedRun judged;
  judged.run = run_watched(options, preload, program, std::nullopt,
                           options.format == Options::Format::text);
  judged.verdict = judge_run(judged.run, std::nullopt, options);
  if (options.format == Options::Format::json) {
    print_json(std::cout, options.command, {judged}, judged.verdict);
  } else {
    std::cout.flush();
    std::cerr << judged.run.errors;
    print_processes(std::cout, judged.run, true);
    std::cout << "-- " << summary_line(judged.run) << "; "
              << verdict_name(judged.verdict) << '\n';
  }
  return is_failure(judged.verdict) ? 1 : 0;
}

int sweep(const Options& options, const std::string& preload,
          const std::string& program) {
  const bool text = options.format == Options::Format::text;
  std::vector<JudgedRun> runs;
  JudgedRun clean;
  clean.run = run_watched(options, preload, program, std::nullopt);
  clean.verdict = judge_run(clean.run, std::nullopt, options);
  const ffikit::check::ProcessReport* counted = clean.run.main_report();
  if (text) {
    std::cout << "clean run: " << summary_line(clean.run) << "; "
              << verdict_name(clean.verdict) << '\n';
    print_processes(std::cout, clean.run, false);
  }
  if (counted == nullptr) {
    if (text) {
      std::cerr << clean.run.errors
                << "ffikit-faultrun: the clean run produced no report\n";
    } else {
      runs.push_back(clean);
      print_json(std::cout, options.command, runs, RunVerdict::no_report);
    }
    return 2;
  }
  std::map<RunVerdict, std::size_t> tally;
  bool failed = is_failure(clean.verdict);
  if (text && !options.quiet) {
    std::cout << table_header() << '\n';
  }
  runs.push_back(std::move(clean));
  std::size_t cases = 0;
  for (const Function function : options.functions) {
    const std::size_t calls = counted->report.calls_of(function);
    const auto listed = ffikit::check::documented_errors(function);
    const std::vector<int> errors =
        options.errors.empty() ? std::vector<int>(listed.begin(), listed.end())
                               : options.errors;
    for (std::size_t nth = 1; nth <= calls; ++nth) {
      for (const int error : errors) {
        for (const bool persistent : {false, true}) {
          if ((persistent && !options.persistent) ||
              (!persistent && !options.transient)) {
            continue;
          }
          JudgedRun judged;
          judged.fault = FaultPlan{function, nth, error, persistent};
          judged.run = run_watched(options, preload, program, judged.fault);
          judged.verdict = judge_run(judged.run, judged.fault, options);
          ++tally[judged.verdict];
          ++cases;
          failed = failed || is_failure(judged.verdict);
          if (text && (!options.quiet || is_failure(judged.verdict))) {
            std::cout << table_row(*judged.fault, judged.run, judged.verdict)
                      << '\n';
            if (is_failure(judged.verdict)) {
              print_processes(std::cout, judged.run, false);
            }
          }
          if (!text) {
            runs.push_back(std::move(judged));
          }
        }
      }
    }
  }
  if (!text) {
    print_json(std::cout, options.command, runs,
               failed ? RunVerdict::violated : RunVerdict::ok);
    return failed ? 1 : 0;
  }
  std::cout << "summary: " << cases << " cases";
  for (const auto& [verdict, count] : tally) {
    std::cout << ", " << count << ' ' << verdict_name(verdict);
  }
  std::cout << (is_failure(runs.front().verdict)
                    ? "; clean run " +
                          std::string(verdict_name(runs.front().verdict))
                    : "")
            << '\n'
            << "result: " << (failed ? "FAIL" : "PASS") << '\n';
  return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << usage();
    return 0;
  }
  std::string error;
  const std::optional<Options> options = parse_options(args, error);
  if (!options) {
    std::cerr << "ffikit-faultrun: " << error << "\n\n" << usage();
    return 2;
  }
  const std::string preload = locate_preload();
  if (preload.empty()) {
    std::cerr << "ffikit-faultrun: cannot find libffikit-check-preload.so "
                 "beside this program; set FFIKIT_PRELOAD\n";
    return 2;
  }
  const Target target = watch_target(options->command.front());
  if (!target.reason.empty()) {
    std::cerr << "ffikit-faultrun: "
              << (target.cannot_start ? "" : "cannot watch: ") << target.reason
              << '\n';
    if (options->format == Options::Format::json) {
      JudgedRun judged;
      judged.run.start_error = target.reason;
      judged.verdict = RunVerdict::cannot_watch;
      print_json(std::cout, options->command, {judged},
                 RunVerdict::cannot_watch);
    }
    return 2;
  }
  return options->trace ? trace_once(*options, preload, target.program)
                        : sweep(*options, preload, target.program);
}
