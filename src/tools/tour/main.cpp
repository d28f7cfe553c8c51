// ffikit-tour [FILE]: the kit's walk-through. For each stage, the trace of
// one run on the bundled sample (or FILE) and the report card of a full
// fault sweep, then the four stages side by side. Every figure is measured
// by this run.
//
// Stage 1 runs only in child processes: it ends the process on every error
// (an empty or /proc file, whose size 0 makes mmap fail with EINVAL) and
// waits forever on a FIFO without a writer, so each of its runs is bounded
// by a timeout and none can end or hang the tour.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "ffikit/check/child.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/check/sweep.hpp"
#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage3_callback/policy.hpp"
#include "report_card.hpp"
#include "stage_runs.hpp"

namespace {

using namespace ffikit;

// How long one run of stage 1 may take before the tour says it hung.
constexpr std::chrono::seconds stage1_run_limit{2};
// How long the whole stage 1 sweep (a child per case) may take.
constexpr std::chrono::seconds stage1_sweep_limit{300};

// Marks the trace a stage 1 child prints, so that the parent can tell it
// from stage 1's own message.
constexpr std::string_view trace_marker = "ffikit-tour-trace:\n";

// The session a stage 1 child records in, for the exit handler below.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
check::Session* child_session = nullptr;

void print_child_trace() {
  if (child_session == nullptr) {
    return;
  }
  child_session->disarm();
  const std::string text =
      std::string(trace_marker) + child_session->trace_text();
  static_cast<void>(std::fputs(text.c_str(), stdout));
  static_cast<void>(std::fflush(stdout));
  child_session = nullptr;
}

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

void print_indented(const std::string& text, const std::string& indent) {
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    std::cout << indent << text.substr(start, end - start) << '\n';
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
}

void show_trace(int stage, const std::string& file) {
  check::Session session;
  const check::Outcome outcome = tour::run_stage(stage, file);
  session.disarm();
  std::cout << "  trace of one run:\n";
  print_indented(session.trace_text(), "    ");
  const check::Report report = session.report();
  std::cout << "    -> "
            << (outcome.ok() ? "success" : "failed: " + tour::last_message())
            << "; leaks " << report.leaks.size() << ", violations "
            << report.violations.size() << '\n';
}

// Stage 1's trace, in a child. @return true when the run succeeded, so
// that it is worth sweeping.
bool show_stage1_trace(const std::string& file) {
  const check::ChildResult child = check::run_in_child(
      [&] {
        check::Session session;
        child_session = &session;
        static_cast<void>(std::atexit(print_child_trace));
        static_cast<void>(tour::run_stage(1, file));
        print_child_trace();
        static_cast<void>(std::fputs("ffikit-tour-ok\n", stdout));
      },
      stage1_run_limit);
  std::cout << "  trace of one run (in a child process):\n";
  const std::size_t at = child.output.find(trace_marker);
  const std::string said = child.output.substr(0, at);
  if (at != std::string::npos) {
    std::string trace = child.output.substr(at + trace_marker.size());
    trace = trace.substr(0, trace.find("ffikit-tour-ok\n"));
    print_indented(trace, "    ");
  }
  if (child.timed_out) {
    std::cout << "    -> still running after " << stage1_run_limit.count()
              << " s, so the tour killed it: stage 1 opens without "
                 "O_NONBLOCK, and a FIFO without a writer keeps that open "
                 "waiting for ever\n";
    return false;
  }
  if (child.exited && child.exit_code == 0 &&
      child.output.find("ffikit-tour-ok\n") != std::string::npos) {
    std::cout << "    -> success\n";
    return true;
  }
  std::cout << "    -> the process ended (exit " << child.exit_code
            << ") after printing \"" << said.substr(0, said.find('\n'))
            << "\", with no fault injected\n";
  return false;
}

void show_one_fault(int stage, const std::string& file) {
  const check::FaultPlan plan{check::Function::mmap, 1, ENOMEM, false};
  std::cout << "  with mmap failing (ENOMEM), the caller sees: ";
  if (stage == 1) {
    const check::ChildResult child = check::run_in_child(
        [&] {
          const check::Session session(
              check::Options{check::Nesting::strict, false, plan});
          static_cast<void>(tour::run_stage(stage, file));
        },
        stage1_run_limit);
    const std::string said = child.output.substr(0, child.output.find('\n'));
    std::cout << "the process ended (exit " << child.exit_code
              << ") after printing \"" << said << "\"\n";
    return;
  }
  check::Session session(check::Options{check::Nesting::strict, false, plan});
  const check::Outcome outcome = tour::run_stage(stage, file);
  session.disarm();
  const check::Report report = session.report();
  if (!report.fault_fired) {
    std::cout << "nothing: this stage never calls mmap for this file\n";
    return;
  }
  if (outcome.ok()) {
    std::cout << "the file's bytes all the same (ENOMEM is a reason to read "
                 "instead of map, and the callback cannot tell); leaks "
              << report.leaks.size() << ", violations "
              << report.violations.size() << '\n';
    return;
  }
  std::cout << '"' << tour::last_message() << "\"; leaks "
            << report.leaks.size() << ", violations "
            << report.violations.size() << '\n';
}

// A destructor's close that fails with EBADF aborts by default (an
// ownership bug). The checker's injected EBADF is none: it really closed
// the descriptor. While sweeping, such reports are only counted.
void count_injected_ebadf(int /*fd*/) noexcept {}

tour::Card sweep_stage(int stage, const std::string& file) {
  const auto start = std::chrono::steady_clock::now();
  const auto previous = stage2::set_ownership_bug_handler(count_injected_ebadf);
  const check::SweepReport report = check::sweep(
      [&] { return tour::run_stage(stage, file); }, tour::sweep_options(stage));
  static_cast<void>(stage2::set_ownership_bug_handler(previous));
  const std::chrono::duration<double> took =
      std::chrono::steady_clock::now() - start;
  return tour::make_card(stage, report, took.count());
}

// Stage 1's sweep, whole, in a child: even the sweep's counting run (which
// runs the operation in the sweeping process) cannot end the tour.
tour::Card sweep_stage1(const std::string& file) {
  const check::ChildResult child = check::run_in_child(
      [&] {
        const tour::Card card = sweep_stage(1, file);
        static_cast<void>(std::fputs(tour::encode_card(card).c_str(), stdout));
      },
      stage1_sweep_limit);
  if (const std::optional<tour::Card> card = tour::decode_card(child.output)) {
    return *card;
  }
  return tour::unswept_card(1, "the sweep's own child process failed");
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path sample =
      argc > 1 ? std::filesystem::absolute(argv[1]) : locate_sample();
  std::error_code error;
  static_cast<void>(stage2::status_of(sample.string(), error));
  if (sample.empty() || error) {
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
               "by the checker)\n"
            << "file: " << file << ", " << tour::describe_file(file) << '\n'
            << "(stages 3 and 4 read files under "
            << stage3::small_file_threshold
            << " bytes instead of mapping them; the tour asks them\n"
            << " to map every file with a size, to show the walk)\n";
  const auto start = std::chrono::steady_clock::now();
  std::vector<tour::Card> cards;
  for (int stage = 1; stage <= tour::stage_count; ++stage) {
    std::cout << "\n== " << tour::stage_title(stage) << " ==\n";
    if (stage == 1) {
      if (show_stage1_trace(file)) {
        show_one_fault(stage, file);
        cards.push_back(sweep_stage1(file));
      } else {
        cards.push_back(
            tour::unswept_card(1, "its run without any fault did not succeed"));
      }
    } else {
      show_trace(stage, file);
      show_one_fault(stage, file);
      cards.push_back(sweep_stage(stage, file));
    }
    std::cout << tour::format_card(cards.back());
  }
  const std::chrono::duration<double> took =
      std::chrono::steady_clock::now() - start;
  std::cout << "\n== the four stages side by side (file: " << file << ") ==\n"
            << tour::format_comparison(cards) << "measured in this run, "
            << static_cast<int>(took.count() * 1000) << " ms in all\n";
  return 0;
}
