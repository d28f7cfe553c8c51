// ffikit-faultrun: the lifetime checker and fault injector for any
// dynamically linked program, from the outside.
#include <array>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "ffikit/check/errno_catalog.hpp"
#include "locate.hpp"
#include "options.hpp"
#include "verdict.hpp"
#include "watched_run.hpp"

namespace {

using ffikit::check::FaultPlan;
using ffikit::check::Function;
using namespace ffikit::faultrun;

void print_findings(const RunResult& run) {
  if (!run.report) {
    return;
  }
  for (const std::string& violation : run.report->violations) {
    std::cout << "  violation: " << violation << '\n';
  }
  for (const std::string& leak : run.report->leaks) {
    std::cout << "  leak: " << leak << '\n';
  }
}

std::string call_counts(const RunResult& run) {
  std::string out;
  for (const Function function : ffikit::check::all_functions) {
    out +=
        std::string(out.empty() ? "" : ", ") + ffikit::check::name(function) +
        ' ' +
        std::to_string(run.report->calls[static_cast<std::size_t>(function)]);
  }
  return out;
}

int trace_once(const Options& options, const std::string& preload) {
  const RunResult run = run_watched(options, preload, std::nullopt, true);
  if (run.report) {
    for (const std::string& line : run.report->trace) {
      std::cout << line << '\n';
    }
  }
  std::cout.flush();
  std::cerr << run.errors;
  const RunVerdict verdict = judge_run(run, std::nullopt, options);
  std::cout << "-- " << how_it_ended(run) << "; "
            << (run.report ? call_counts(run) : std::string("no report"))
            << "; " << verdict_name(verdict) << '\n';
  print_findings(run);
  return is_failure(verdict) ? 1 : 0;
}

int sweep(const Options& options, const std::string& preload) {
  const RunResult clean = run_watched(options, preload, std::nullopt);
  const RunVerdict clean_verdict = judge_run(clean, std::nullopt, options);
  std::cout << "clean run: " << how_it_ended(clean) << "; "
            << (clean.report ? call_counts(clean) : std::string("no report"))
            << "; " << verdict_name(clean_verdict) << '\n';
  print_findings(clean);
  if (!clean.report) {
    std::cerr << clean.errors
              << "ffikit-faultrun: the clean run produced no report\n";
    return 2;
  }
  std::map<RunVerdict, std::size_t> tally;
  std::size_t cases = 0;
  if (!options.quiet) {
    std::cout << table_header() << '\n';
  }
  for (const Function function : options.functions) {
    const std::size_t calls =
        clean.report->calls[static_cast<std::size_t>(function)];
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
          const FaultPlan plan{function, nth, error, persistent};
          const RunResult run = run_watched(options, preload, plan);
          const RunVerdict verdict = judge_run(run, plan, options);
          ++tally[verdict];
          ++cases;
          if (!options.quiet || is_failure(verdict)) {
            std::cout << table_row(plan, run, verdict) << '\n';
            if (is_failure(verdict)) {
              print_findings(run);
            }
          }
        }
      }
    }
  }
  std::cout << "summary: " << cases << " cases";
  bool failed = is_failure(clean_verdict);
  for (const auto& [verdict, count] : tally) {
    std::cout << ", " << count << ' ' << verdict_name(verdict);
    failed = failed || is_failure(verdict);
  }
  std::cout << (is_failure(clean_verdict)
                    ? "; clean run " + std::string(verdict_name(clean_verdict))
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
                 "beside this "
                 "program; set FFIKIT_PRELOAD\n";
    return 2;
  }
  return options->trace ? trace_once(*options, preload)
                        : sweep(*options, preload);
}
