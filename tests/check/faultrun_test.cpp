// ffikit-faultrun from the outside: each planted bug is caught in a
// separate process, clean programs pass, and ffikit-cat survives a full
// sweep with every fault reported.
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "ffikit/check/child.hpp"
#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/function.hpp"
#include "ffikit/check/report.hpp"
#include "ffikit/check/trace_format.hpp"
#include "ffikit/stage3_callback/policy.hpp"
#include "scratch_dir.hpp"

namespace ffikit::check {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using testing_support::ScratchDir;

ChildResult faultrun(std::vector<std::string> args) {
  args.insert(args.begin(), FFIKIT_FAULTRUN);
  return run_in_child(
      [&] {
        std::vector<char*> raw;
        for (std::string& arg : args) {
          raw.push_back(arg.data());
        }
        raw.push_back(nullptr);
        // SAFETY: raw is a NULL-terminated array of NUL-terminated strings
        // that outlive the call.
        ::execv(raw[0], raw.data());
        ::_exit(127);
      },
      std::chrono::seconds(60));
}

ChildResult planted(const std::string& bug, const std::string& file,
                    std::vector<std::string> options = {"--trace"}) {
  options.insert(options.end(), {"--", FFIKIT_PLANTED, bug, file});
  return faultrun(options);
}

class BlackBox : public ::testing::Test {
 protected:
  ScratchDir dir;
  std::string file = dir.file("sample", 3 * 4096);
};

TEST_F(BlackBox, CleanProgramTraceIsNestedAndPasses) {
  const ChildResult r = planted("clean", file);
  EXPECT_TRUE(r.exited);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output,
              HasSubstr("open(\"" + file + "\", O_RDONLY|O_CLOEXEC) = "));
  EXPECT_THAT(r.output, HasSubstr("\n  fstat("));
  EXPECT_THAT(r.output, HasSubstr("\n  munmap("));
  EXPECT_THAT(r.output,
              HasSubstr("open 1, fstat 1, mmap 1, munmap 1, close 1; ok"));
}

TEST_F(BlackBox, EveryInterposedNameIsSeenUnderItsOwnName) {
  const ChildResult r = planted("every-entry-point", file);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const char* call :
       {"open(\"", "open64(\"", "openat(AT_FDCWD, \"", "openat64(AT_FDCWD, \"",
        "__open_2(\"", "__open64_2(\"", "fstat(", "fstat64(", "mmap(",
        "mmap64(", "munmap(", "close("}) {
    EXPECT_THAT(r.output, HasSubstr(std::string(" ") + call)) << call;
  }
  EXPECT_THAT(r.output, HasSubstr("O_RDONLY|O_CREAT|O_CLOEXEC, 0600) = "));
  EXPECT_THAT(r.output,
              HasSubstr("open 10, fstat 2, mmap 2, munmap 2, close 10; ok"));
}

TEST_F(BlackBox, LeakedDescriptor) {
  const ChildResult r = planted("leak-descriptor", file);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("leak: leaked descriptor: fd "));
  EXPECT_THAT(r.output, HasSubstr(" from open(" + file + ") (acquired at #0)"));
}

TEST_F(BlackBox, LeakedMapping) {
  const ChildResult r =
      planted("leak-mapping", file, {"--trace", "--nesting", "relaxed"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("leak: leaked mapping: 12288 bytes at 0x"));
  EXPECT_THAT(r.output, Not(HasSubstr("violation")));
}

TEST_F(BlackBox, DoubleClose) {
  const ChildResult r = planted("double-close", file);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("violation: double close at #5"));
}

TEST_F(BlackBox, CloseBeforeMunmapIsAViolationUnderStrictNesting) {
  const ChildResult r =
      planted("close-before-munmap", file, {"--trace", "--nesting", "strict"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("violation: close before munmap at #3"));
}

TEST_F(BlackBox, CloseBeforeMunmapIsOnlyPolicyByDefault) {
  // Legal POSIX (the mapping stays valid): shown, never failing.
  const ChildResult r = planted("close-before-munmap", file);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("policy: close before munmap at #3"));
  EXPECT_THAT(r.output, Not(HasSubstr("violation")));
}

TEST_F(BlackBox, MunmapWithWrongLengthUnderStrict) {
  const ChildResult r =
      planted("munmap-wrong-length", file, {"--trace", "--strict"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("violation: munmap of wrong range at #3"));
  EXPECT_THAT(r.output, HasSubstr("of a mapping of 12288 bytes"));
}

TEST_F(BlackBox, PartialMunmapByDefaultLeavesTheRestLeaked) {
  // The kernel releases just the pages named; the other two stay mapped.
  const ChildResult r = planted("munmap-wrong-length", file);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("leak: leaked mapping: 8192 bytes at 0x"));
}

TEST_F(BlackBox, UseAfterMunmapFaultsUnderQuarantine) {
  const ChildResult r =
      planted("use-after-munmap", file, {"--trace", "--quarantine"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("CRASHED"));
}

TEST_F(BlackBox, ErrorPathForgettingCloseIsFoundBySweep) {
  const ChildResult r = planted(
      "error-path-forgets-close", file,
      {"--quiet", "--functions", "open,fstat,mmap", "--modes", "transient"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  // Every fstat and mmap fault leaks the descriptor; open faults leave
  // nothing to leak.
  const std::size_t opens = documented_errors(Function::open).size();
  const std::size_t leaks = documented_errors(Function::fstat).size() +
                            documented_errors(Function::mmap).size();
  EXPECT_THAT(r.output, HasSubstr("summary: " + std::to_string(opens + leaks) +
                                  " cases, " + std::to_string(opens) + " ok, " +
                                  std::to_string(leaks) + " LEAKED\n"));
  EXPECT_THAT(r.output, HasSubstr("result: FAIL"));
}

TEST_F(BlackBox, CloseRetriedOnEintrIsDoubleClose) {
  const ChildResult r =
      planted("retry-close-on-eintr", file,
              {"--functions", "close", "--errnos", "EINTR,EIO"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  // Linux releases the descriptor even when close says EINTR: the retry
  // closes a released number again. EINTR is injected transiently only,
  // as a signal would cause it.
  EXPECT_THAT(r.output,
              HasSubstr("close   1   EINTR         transient   exit 1"));
  EXPECT_THAT(r.output, Not(HasSubstr("EINTR         persistent")));
  EXPECT_THAT(r.output, HasSubstr("summary: 3 cases, 2 ok, 1 VIOLATED\n"));
  EXPECT_THAT(r.output, HasSubstr("e.g. double close at #5"));
}

TEST_F(BlackBox, RetryLoopUnderPersistentEintrRetriesForeverWithoutHanging) {
  const auto start = std::chrono::steady_clock::now();
  const ChildResult r = planted("retry-open-forever", file,
                                {"--functions", "open", "--errnos", "EINTR",
                                 "--persistent-eintr", "--timeout", "30"});
  const auto took = std::chrono::steady_clock::now() - start;
  // Retrying after EINTR is what a program should do: not a failure, and
  // spotted long before the timeout.
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("open    1   EINTR         persistent  "
                                  "stopped: retry loop  0     0    "
                                  "retries forever\n"));
  EXPECT_THAT(r.output,
              HasSubstr("summary: 2 cases, 1 ok, 1 retries forever\n"));
  EXPECT_LT(took, std::chrono::seconds(20));
}

TEST_F(BlackBox, MmapCheckedAgainstNullCrashesWhenMmapFails) {
  const ChildResult r =
      planted("mmap-checked-against-null", file,
              {"--quiet", "--functions", "mmap", "--modes", "transient"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("summary: 11 cases, 11 CRASHED\n"));
}

TEST_F(BlackBox, CleanProgramPassesFullSweep) {
  const ChildResult r =
      planted("clean", file, {"--quiet", "--modes", "transient"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  // One call of each of the five, every errno its man page lists.
  std::size_t cases = 0;
  for (const Function f : file_functions) {
    cases += documented_errors(f).size();
  }
  EXPECT_THAT(r.output,
              HasSubstr("summary: " + std::to_string(cases) + " cases, " +
                        std::to_string(cases) + " ok\nresult: PASS\n"));
}

TEST_F(BlackBox, MessageNamingNeitherPathNorCallIsUnnamed) {
  // "ffikit-planted: clean: Input/output error" gives the reason but says
  // neither which file nor which call: a caller cannot act on it.
  const ChildResult r =
      planted("clean", file,
              {"--quiet", "--expect-error", "--functions", "close", "--errnos",
               "EIO", "--modes", "transient"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("summary: 1 cases, 1 UNNAMED"));
  EXPECT_THAT(r.output,
              HasSubstr("the message names neither the path nor the call"));
}

// The preload library driven directly through its environment, the way
// ffikit-faultrun drives it, to pin what it does with each setting.
class Preload : public BlackBox {
 protected:
  // Runs `ffikit-planted BUG file` with the library preloaded and @p settings
  // added to this process's environment (minus any earlier FFIKIT_CHECK_*).
  ChildResult run(const std::string& bug,
                  const std::vector<std::string>& settings) {
    std::vector<std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string_view text(*entry);
      if (!text.starts_with("FFIKIT_CHECK_") &&
          !text.starts_with("LD_PRELOAD=") &&
          !text.starts_with("ASAN_OPTIONS=")) {
        env.emplace_back(text);
      }
    }
    env.push_back(std::string("LD_PRELOAD=") + FFIKIT_PRELOAD);
    // A g++ ASan program wants its runtime first; this one does not care.
    env.emplace_back("ASAN_OPTIONS=verify_asan_link_order=0");
    env.insert(env.end(), settings.begin(), settings.end());
    std::vector<std::string> args = {FFIKIT_PLANTED, bug, file};
    return run_in_child(
        [&] {
          std::vector<char*> raw_args;
          for (std::string& arg : args) {
            raw_args.push_back(arg.data());
          }
          raw_args.push_back(nullptr);
          std::vector<char*> raw_env;
          for (std::string& entry : env) {
            raw_env.push_back(entry.data());
          }
          raw_env.push_back(nullptr);
          // SAFETY: both arrays are NULL-terminated and outlive the call.
          ::execve(raw_args[0], raw_args.data(), raw_env.data());
          ::_exit(127);
        },
        std::chrono::seconds(30));
  }

  // The preload library writes DIR/PID.N.report and DIR/PID.N.trace.
  std::string report_path = dir.directory("reports");

  // The one report in report_path, or "" when there is none.
  std::string report_text() const {
    for (const auto& entry : std::filesystem::directory_iterator(report_path)) {
      if (entry.path().extension() == ".report") {
        std::ifstream in(entry.path());
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
      }
    }
    return {};
  }

  bool nothing_written() const {
    return std::filesystem::is_empty(report_path);
  }
};

TEST_F(Preload, WatchesWhenToldWhereToReport) {
  const ChildResult r = run(
      "close-before-munmap",
      {"FFIKIT_CHECK_REPORT=" + report_path, "FFIKIT_CHECK_NESTING=strict"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const auto report = parse_report(report_text());
  ASSERT_TRUE(report.has_value()) << report_text();
  EXPECT_EQ(report->ending, Ending::exit);
  EXPECT_TRUE(report->complete);
  ASSERT_EQ(report->report.violations.size(), 1U) << report_text();
  EXPECT_THAT(describe(report->report.violations[0]),
              MatchesRegex("close before munmap at #3: close\\([0-9]+\\) while "
                           "the mapping at 0x[0-9a-f]+ made from it is still "
                           "mapped \\(acquired at #2\\)"));
  EXPECT_FALSE(report->report.fault_fired);
}

TEST_F(Preload, RelaxedNestingByDefaultMakesClosingFirstAPolicyFinding) {
  const ChildResult r =
      run("close-before-munmap", {"FFIKIT_CHECK_REPORT=" + report_path});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const auto report = parse_report(report_text());
  ASSERT_TRUE(report.has_value()) << report_text();
  EXPECT_TRUE(report->report.violations.empty());
  ASSERT_EQ(report->report.policy.size(), 1U);
  EXPECT_EQ(report->report.policy[0].kind, FindingKind::close_before_munmap);
}

TEST_F(Preload, WithoutReportPathStaysInert) {
  // The fault would make the program fail; unarmed, it never fires.
  const ChildResult r = run(
      "clean", {"FFIKIT_CHECK_REPORT=", "FFIKIT_CHECK_FAULT=open:1:EACCES"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(nothing_written());
}

TEST_F(Preload, OtherProgramIsNotWatched) {
  const ChildResult r = run("clean", {"FFIKIT_CHECK_REPORT=" + report_path,
                                      "FFIKIT_CHECK_PROGRAM=/bin/sh",
                                      "FFIKIT_CHECK_FAULT=open:1:EACCES"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(nothing_written());
}

TEST_F(Preload, ProgramThatDoesNotExistMatchesNothing) {
  const ChildResult r =
      run("clean", {"FFIKIT_CHECK_REPORT=" + report_path,
                    "FFIKIT_CHECK_PROGRAM=" + dir.path("gone"),
                    "FFIKIT_CHECK_FAULT=open:1:EACCES"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(nothing_written());
}

TEST_F(Preload, NamedProgramIsWatchedThroughItsRealPath) {
  const ChildResult r = run(
      "clean", {"FFIKIT_CHECK_REPORT=" + report_path,
                std::string("FFIKIT_CHECK_PROGRAM=") + FFIKIT_PLANTED,
                "FFIKIT_CHECK_FAULT=open:1:EACCES:persistent",
                "FFIKIT_CHECK_NESTING=relaxed", "FFIKIT_CHECK_QUARANTINE=0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "ffikit-planted: clean: Permission denied\n");
  const auto report = parse_report(report_text());
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->report.fault_fired);
  EXPECT_EQ(
      format_event(report->report.trace.at(0)),
      "open(\"" + file + "\", O_RDONLY|O_CLOEXEC) = -1 EACCES (injected)");
}

TEST_F(Preload, UnwritableReportLeavesTheProgramAlone) {
  report_path = dir.path("missing-directory") + "/report";
  const ChildResult r = run("clean", {"FFIKIT_CHECK_REPORT=" + report_path});
  EXPECT_TRUE(r.exited);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "");
}

TEST_F(Preload, FullDeviceForReportLeavesTheProgramAlone) {
  const ChildResult r = run("clean", {"FFIKIT_CHECK_REPORT=/dev/full"});
  EXPECT_TRUE(r.exited);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "");
}

TEST(FaultrunUsage, BadOptionsExitTwo) {
  EXPECT_EQ(faultrun({"--modes", "sometimes", "--", "true"}).exit_code, 2);
  EXPECT_EQ(faultrun({"--trace"}).exit_code, 2);
}

#ifdef FFIKIT_CAT
TEST_F(BlackBox, FfikitCatReportsEveryFault) {
  // Large enough to be mapped: ffikit-cat reads files under stage 3's
  // small-file threshold instead.
  const std::string big = dir.file("big", ffikit::stage3::small_file_threshold);
  // ffikit-cat's written policy: a refused mmap is read instead, and a
  // close error other than EBADF on its read-only input loses nothing.
  const std::vector<std::string> policy = {
      "mmap:ENODEV", "mmap:EACCES",  "mmap:ENOMEM", "close:EINTR",
      "close:EIO",   "close:ENOSPC", "close:EDQUOT"};
  std::vector<std::string> args = {"--quiet", "--expect-error"};
  for (const std::string& pair : policy) {
    args.insert(args.end(), {"--may-recover", pair});
  }
#if defined(FFIKIT_COVERAGE_BUILD)
  // An instrumented ffikit-cat writes its profile at exit, opening it as
  // its second open (then fdopen, fclose); those are the program's calls
  // too, but not the ones counted here.
  args.insert(args.end(), {"--functions", "open,fstat,mmap,munmap,close",
                           "--calls", "open:1"});
#endif
  args.insert(args.end(), {"--", FFIKIT_CAT, big});
  const ChildResult r = faultrun(args);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  // One call of each kind, fstat twice (the output, as GNU cat does, then
  // the input): every documented errno, in both modes, EINTR only
  // transiently (a signal interrupts once).
  const auto modes = [](int error) { return error == EINTR ? 1U : 2U; };
  std::size_t cases = 0;
  for (const Function f : file_functions) {
    for (const int error : documented_errors(f)) {
      cases += (f == Function::fstat ? 2U : 1U) * modes(error);
    }
  }
  // Exiting 0 after EINTR is simply correct (ok); the other policy faults
  // are recoveries, in both modes.
  std::size_t recovered = 0;
  for (const std::string& pair : policy) {
    recovered +=
        *errno_from_name(pair.substr(pair.find(':') + 1)) == EINTR ? 0U : 2U;
  }
  EXPECT_THAT(
      r.output,
      HasSubstr("summary: " + std::to_string(cases) + " cases, " +
                std::to_string(cases - recovered) + " ok, " +
                std::to_string(recovered) + " recovered\nresult: PASS\n"));
  std::cout << r.output.substr(r.output.find("summary:"));
}
#endif

#ifdef FFIKIT_PLANTED_GXX_ASAN
TEST_F(BlackBox, FindsDoubleCloseInGxxAsanBuild) {
  const ChildResult r = faultrun(
      {"--trace", "--", FFIKIT_PLANTED_GXX_ASAN, "double-close", file});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("violation: double close at #5"));
}

TEST_F(BlackBox, UseAfterMunmapInGxxAsanBuildIsACrash) {
  const ChildResult r =
      faultrun({"--trace", "--quarantine", "--", FFIKIT_PLANTED_GXX_ASAN,
                "use-after-munmap", file});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("ERROR: AddressSanitizer: SEGV"));
  EXPECT_THAT(r.output, HasSubstr("CRASHED"));
}
#endif

#ifdef FFIKIT_VALGRIND
TEST_F(BlackBox, FindsDoubleCloseUnderValgrind) {
  const ChildResult r =
      planted("double-close", file, {"--trace", "--valgrind"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("violation: double close at #5"));
}

TEST_F(BlackBox, CleanProgramPassesUnderValgrind) {
  const ChildResult r =
      planted("clean", file,
              {"--quiet", "--valgrind", "--functions", "close", "--errnos",
               "EIO", "--modes", "transient"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("summary: 1 cases, 1 ok\nresult: PASS\n"));
}
#endif

}  // namespace
}  // namespace ffikit::check
