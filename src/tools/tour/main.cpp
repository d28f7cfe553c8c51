// ffikit-tour: the kit's walk-through. For each stage, the trace of one run
// on the bundled sample and the report card of a full fault sweep, then the
// four stages side by side. Every figure is measured by this run.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "ffikit/check/session.hpp"
#include "ffikit/check/sweep.hpp"
#include "report_card.hpp"
#include "stage_runs.hpp"

namespace {

using namespace ffikit;

// The sample ships beside the program (build tree) or under share/ffikit
// (installed); both relative paths come from CMake.
std::filesystem::path locate_sample() {
  std::error_code error;
  const std::filesystem::path self =
      std::filesystem::read_symlink("/proc/self/exe", error);
  for (const char* relative : {FFIKIT_TOUR_SAMPLE_BUILD_RELATIVE,
                               FFIKIT_TOUR_SAMPLE_INSTALL_RELATIVE}) {
    const std::filesystem::path candidate = self.parent_path() / relative;
    if (std::filesystem::exists(candidate, error)) {
      return std::filesystem::weakly_canonical(candidate, error);
    }
  }
  return {};
}

void show_trace(int stage, const std::string& file) {
  check::Session session;
  const check::Outcome outcome = tour::run_stage(stage, file);
  session.disarm();
  std::cout << "  trace of one run:\n";
  const std::string trace = session.trace_text();
  std::size_t start = 0;
  while (start < trace.size()) {
    const std::size_t end = trace.find('\n', start);
    std::cout << "    " << trace.substr(start, end - start) << '\n';
    start = end + 1;
  }
  const check::Report report = session.report();
  std::cout << "    -> "
            << (outcome.ok() ? "success" : "failed: " + outcome.operation)
            << "; leaks " << report.leaks.size() << ", violations "
            << report.violations.size() << '\n';
}

void show_one_fault(int stage, const std::string& file) {
  const check::FaultPlan plan{check::Function::mmap, 1, ENOMEM, false};
  std::cout << "  with mmap failing (ENOMEM), the caller sees: ";
  if (stage == 1) {
    const check::ChildResult child = check::run_in_child([&] {
      const check::Session session(
          check::Options{check::Nesting::strict, false, plan});
      static_cast<void>(tour::run_stage(stage, file));
    });
    std::string said = child.output.substr(0, child.output.find('\n'));
    std::cout << "the process ended (exit " << child.exit_code
              << ") after printing \"" << said << "\"\n";
    return;
  }
  check::Session session(check::Options{check::Nesting::strict, false, plan});
  static_cast<void>(tour::run_stage(stage, file));
  session.disarm();
  const check::Report report = session.report();
  std::cout << '"' << tour::last_message() << "\"; leaks "
            << report.leaks.size() << ", violations "
            << report.violations.size() << '\n';
}

tour::Card sweep_stage(int stage, const std::string& file) {
  check::SweepOptions options;
  options.in_child = stage == 1;  // stage 1 ends the process on every fault
  const auto start = std::chrono::steady_clock::now();
  const check::SweepReport report =
      check::sweep([&] { return tour::run_stage(stage, file); }, options);
  const std::chrono::duration<double> took =
      std::chrono::steady_clock::now() - start;
  return tour::make_card(stage, report, took.count());
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path sample =
      argc > 1 ? std::filesystem::absolute(argv[1]) : locate_sample();
  if (sample.empty() || !std::filesystem::exists(sample)) {
    std::cerr << "ffikit-tour: cannot find the sample file; pass one as the "
                 "argument\n";
    return 2;
  }
  // Work from the sample's directory so traces show a short relative path.
  std::filesystem::current_path(sample.parent_path());
  const std::string file = sample.filename().string();

  std::cout << "ffikit tour: open, fstat, mmap, callback, munmap, close -- "
               "four ways\n"
            << "(the walk of \"mmap and the Rust Foreign Function Interface\", "
               "Tommy McGuire,\n"
            << " 12 June 2013, rebuilt in C++; every call below was recorded "
               "by the checker)\n";
  const auto start = std::chrono::steady_clock::now();
  std::vector<tour::Card> cards;
  for (int stage = 1; stage <= tour::stage_count; ++stage) {
    std::cout << "\n== " << tour::stage_title(stage) << " ==\n";
    show_trace(stage, file);
    show_one_fault(stage, file);
    cards.push_back(sweep_stage(stage, file));
    std::cout << tour::format_card(cards.back());
  }
  const std::chrono::duration<double> took =
      std::chrono::steady_clock::now() - start;
  std::cout << "\n== the four stages side by side (sample: " << file << ") ==\n"
            << tour::format_comparison(cards) << "measured in this run, "
            << static_cast<int>(took.count() * 1000) << " ms in all\n";
  return 0;
}
