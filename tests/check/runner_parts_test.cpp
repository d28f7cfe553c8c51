// The pure parts of ffikit-faultrun (options, verdicts) and of the tour
// (report cards), without running any program.
#include <cerrno>
#include <csignal>

#include <gtest/gtest.h>

#include "options.hpp"
#include "report_card.hpp"
#include "verdict.hpp"

namespace ffikit {
namespace {

using check::FaultPlan;
using check::Function;

faultrun::Options parse_ok(const std::vector<std::string>& args) {
  std::string error;
  const auto options = faultrun::parse_options(args, error);
  EXPECT_TRUE(options.has_value()) << error;
  return options.value_or(faultrun::Options{});
}

std::string parse_error(const std::vector<std::string>& args) {
  std::string error;
  EXPECT_FALSE(faultrun::parse_options(args, error).has_value());
  return error;
}

TEST(FaultrunOptions, DefaultsSweepEveryFunctionBothModes) {
  const faultrun::Options o = parse_ok({"--", "prog", "arg"});
  EXPECT_EQ(o.command, (std::vector<std::string>{"prog", "arg"}));
  EXPECT_EQ(o.functions.size(), check::all_functions.size());
  EXPECT_TRUE(o.errors.empty());
  EXPECT_TRUE(o.transient && o.persistent);
  EXPECT_FALSE(o.persistent_eintr);
  EXPECT_EQ(o.timeout_ms, 10000U);
  EXPECT_EQ(o.jobs, 1U);
  EXPECT_EQ(o.format, faultrun::Options::Format::text);
  // Foreign code is judged by what POSIX allows: closing a descriptor
  // while its mapping lives is legal.
  EXPECT_EQ(o.nesting, check::Nesting::relaxed);
}

TEST(FaultrunOptions, EveryOptionIsRead) {
  const faultrun::Options o =
      parse_ok({"--trace",       "--quiet",      "--expect-error",
                "--valgrind",    "--quarantine", "--nesting",
                "relaxed",       "--functions",  "openat,close",
                "--errnos",      "EIO,4",        "--modes",
                "persistent",    "--timeout",    "3",
                "--may-recover", "mmap:ENODEV",  "--",
                "prog",          "--trace"});
  EXPECT_TRUE(o.trace && o.quiet && o.expect_error && o.valgrind &&
              o.quarantine);
  EXPECT_EQ(o.nesting, check::Nesting::relaxed);
  EXPECT_EQ(o.functions,
            (std::vector<Function>{Function::open, Function::close}));
  EXPECT_EQ(o.errors, (std::vector<int>{EIO, EINTR}));
  EXPECT_FALSE(o.transient);
  EXPECT_TRUE(o.persistent);
  EXPECT_EQ(o.timeout_ms, 3000U);
  ASSERT_EQ(o.recoverable.size(), 1U);
  EXPECT_EQ(o.recoverable[0].function, Function::mmap);
  EXPECT_EQ(o.recoverable[0].nth, std::nullopt);
  EXPECT_EQ(o.recoverable[0].error, ENODEV);
  EXPECT_EQ(o.command, (std::vector<std::string>{"prog", "--trace"}));
}

TEST(FaultrunOptions, MistakesAreNamed) {
  EXPECT_EQ(parse_error({"--trace"}), "no program given after --");
  EXPECT_EQ(parse_error({"--functions", "read", "--", "p"}),
            "unknown function read");
  EXPECT_EQ(parse_error({"--errnos", "EWHAT", "--", "p"}),
            "unknown errno EWHAT");
  EXPECT_EQ(parse_error({"--timeout", "0", "--", "p"}),
            "--timeout takes 1 to 3600 seconds");
  EXPECT_EQ(parse_error({"--timeout"}), "--timeout needs a value");
  EXPECT_EQ(parse_error({"--may-recover", "mmap", "--", "p"}),
            "--may-recover takes CALL[:N]:ERRNO, e.g. mmap:ENODEV or "
            "open:1:any");
  EXPECT_EQ(parse_error({"--bogus", "--", "p"}), "unknown option --bogus");
}

// A run that exited with @p code, its one process reporting a fired fault.
faultrun::RunResult exited(int code, std::string errors = {}) {
  faultrun::RunResult run;
  run.started = run.exited = true;
  run.exit_code = code;
  run.errors = std::move(errors);
  run.pid = 42;
  check::ProcessReport process;
  process.pid = 42;
  process.ending = check::Ending::exit;
  process.report.fault_fired = true;
  run.processes.push_back(process);
  return run;
}

check::Finding finding(check::FindingKind kind) {
  check::Finding f;
  f.kind = kind;
  return f;
}

TEST(FaultrunVerdict, CrashHangLeakViolationInThatOrder) {
  const faultrun::Options options;
  const FaultPlan plan{Function::mmap, 1, ENOMEM, false};
  faultrun::RunResult run = exited(1);
  EXPECT_EQ(faultrun::judge_run(run, plan, options), faultrun::RunVerdict::ok);
  run.processes[0].report.leaks.push_back(
      finding(check::FindingKind::leaked_descriptor));
  EXPECT_EQ(faultrun::judge_run(run, plan, options),
            faultrun::RunVerdict::leaked);
  run.processes[0].report.violations.push_back(
      finding(check::FindingKind::double_close));
  EXPECT_EQ(faultrun::judge_run(run, plan, options),
            faultrun::RunVerdict::violated);
  run.exited = false;
  run.signal = SIGSEGV;
  EXPECT_EQ(faultrun::judge_run(run, plan, options),
            faultrun::RunVerdict::crashed);
  run.timed_out = true;
  EXPECT_EQ(faultrun::judge_run(run, plan, options),
            faultrun::RunVerdict::hung);
}

TEST(FaultrunVerdict, SanitizerReportIsACrash) {
  const faultrun::Options options;
  EXPECT_EQ(faultrun::judge_run(exited(1, "==1==ERROR: AddressSanitizer: SEGV"),
                                std::nullopt, options),
            faultrun::RunVerdict::crashed);
}

TEST(FaultrunVerdict, ExpectErrorWantsTheCallAndReason) {
  faultrun::Options options;
  options.expect_error = true;
  const FaultPlan plan{Function::open, 1, ENOENT, false};
  EXPECT_EQ(faultrun::judge_run(
                exited(1, "cat: open(/x): No such file or directory\n"), plan,
                options),
            faultrun::RunVerdict::ok);
  EXPECT_EQ(faultrun::judge_run(exited(1, "cat: failed\n"), plan, options),
            faultrun::RunVerdict::unnamed);
  EXPECT_EQ(faultrun::judge_run(exited(0), plan, options),
            faultrun::RunVerdict::hidden);
  options.recoverable.push_back({Function::open, std::nullopt, ENOENT});
  EXPECT_EQ(faultrun::judge_run(exited(0), plan, options),
            faultrun::RunVerdict::recovered);
  faultrun::RunResult missed = exited(0);
  missed.processes[0].report.fault_fired = false;
  EXPECT_EQ(faultrun::judge_run(missed, plan, options),
            faultrun::RunVerdict::not_reached);
}

TEST(FaultrunTable, RowAlignsWithHeader) {
  const FaultPlan plan{Function::close, 2, EINTR, true};
  const std::string row =
      faultrun::table_row(plan, exited(1), faultrun::RunVerdict::ok);
  EXPECT_EQ(row,
            "close   2   EINTR         persistent  exit 1               0     "
            "0    ok");
  EXPECT_EQ(faultrun::table_header().find("verdict"), row.find("ok"));
}

check::SweepReport report_of(std::initializer_list<check::Verdict> verdicts) {
  check::SweepReport report;
  report.calls = {1, 1, 1, 1, 1};
  for (const check::Verdict v : verdicts) {
    check::SweepCase c;
    c.verdict = v;
    report.cases.push_back(c);
  }
  return report;
}

TEST(TourCard, CountsEachVerdictOnce) {
  const tour::Card card = tour::make_card(
      2,
      report_of({check::Verdict::clean_error, check::Verdict::clean_error,
                 check::Verdict::leaked, check::Verdict::violated,
                 check::Verdict::swallowed, check::Verdict::died_with_message,
                 check::Verdict::died_otherwise, check::Verdict::crashed,
                 check::Verdict::hung}),
      1.5);
  EXPECT_EQ(card.calls, 5U);
  EXPECT_EQ(card.cases, 9U);
  EXPECT_EQ(card.clean_errors, 2U);
  EXPECT_EQ(card.leaks, 1U);
  EXPECT_EQ(card.violations, 1U);
  EXPECT_EQ(card.other, 1U);
  EXPECT_EQ(card.deaths, 2U);
  EXPECT_EQ(card.deaths_with_message, 1U);
  EXPECT_EQ(card.crashes, 2U);
}

TEST(TourCard, ComparisonNamesEachStagesVerdict) {
  const std::vector<tour::Card> cards = {
      tour::make_card(1, report_of({check::Verdict::died_with_message}), 0),
      tour::make_card(2, report_of({check::Verdict::clean_error}), 0),
      tour::make_card(3, report_of({check::Verdict::leaked}), 0),
      tour::make_card(4, report_of({check::Verdict::swallowed}), 0)};
  const std::string table = tour::format_comparison(cards);
  EXPECT_NE(
      table.find("stage 1: dies on every fault; the caller cannot recover"),
      std::string::npos);
  EXPECT_NE(table.find("stage 2: every fault reported, nothing leaked"),
            std::string::npos);
  EXPECT_NE(table.find("stage 3: leaks or misuses on error paths"),
            std::string::npos);
  EXPECT_NE(table.find("stage 4: some faults hidden or misreported"),
            std::string::npos);
}

}  // namespace
}  // namespace ffikit
