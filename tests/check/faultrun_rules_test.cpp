// ffikit-faultrun's rules, without running a program: the error-message
// rule on real messages of everyday tools, verdicts, options and the plan
// of a sweep.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "ffikit/check/errno_catalog.hpp"
#include "message_pattern.hpp"
#include "message_rule.hpp"
#include "options.hpp"
#include "plan.hpp"
#include "scratch_dir.hpp"
#include "target.hpp"
#include "verdict.hpp"

namespace ffikit::faultrun {
namespace {

using check::Function;
using check::Symbol;

FailedCall failed_open(int error, std::string path = "/tmp/in.txt") {
  FailedCall call;
  call.function = Function::open;
  call.symbol = Symbol::openat;
  call.error = error;
  call.path = std::move(path);
  return call;
}

// Messages these programs really print when open(2) of their input fails
// (collected with ffikit-faultrun and strace -e inject on this system).
TEST(MessageRule, AcceptsTheUnixToolsOwnMessages) {
  const FailedCall denied = failed_open(EACCES);
  for (const char* message : {
           "cat: /tmp/in.txt: Permission denied\n",
           "head: cannot open '/tmp/in.txt' for reading: Permission denied\n",
           "wc: /tmp/in.txt: Permission denied\n",
           "cp: cannot open '/tmp/in.txt' for reading: Permission denied\n",
           "sort: open failed: /tmp/in.txt: Permission denied\n",
           "grep: /tmp/in.txt: Permission denied\n",
       }) {
    EXPECT_EQ(check_message(message, denied), MessageCheck::named) << message;
  }
}

TEST(MessageRule, AcceptsPythonsTraceback) {
  EXPECT_EQ(check_message("Traceback (most recent call last):\n"
                          "  File \"<string>\", line 1, in <module>\n"
                          "PermissionError: [Errno 13] Permission denied: "
                          "'/tmp/in.txt'\n",
                          failed_open(EACCES)),
            MessageCheck::named);
}

TEST(MessageRule, AcceptsPerrorNamingTheCall) {
  EXPECT_EQ(check_message("open: No such file or directory\n",
                          failed_open(ENOENT, "")),
            MessageCheck::named);
}

TEST(MessageRule, AcceptsTheKitsOwnFormat) {
  FailedCall call = failed_open(ENOMEM, "/tmp/a");
  call.function = Function::mmap;
  call.symbol = Symbol::mmap;
  EXPECT_EQ(
      check_message("ffikit-cat: mmap(/tmp/a): Cannot allocate memory\n", call),
      MessageCheck::named);
  call.path.clear();
  EXPECT_EQ(check_message("x: mmap(?): Cannot allocate memory\n", call),
            MessageCheck::named);
}

TEST(MessageRule, AcceptsTheErrnoNameAndAnyLetterCase) {
  EXPECT_EQ(check_message("prog: /tmp/in.txt: EACCES\n", failed_open(EACCES)),
            MessageCheck::named);
  // Go's os package prints strerror in lower case.
  EXPECT_EQ(check_message("open /tmp/in.txt: permission denied\n",
                          failed_open(EACCES)),
            MessageCheck::named);
}

TEST(MessageRule, RejectsAMessageWithoutTheReason) {
  EXPECT_EQ(check_message("prog: cannot read /tmp/in.txt\n", failed_open(EIO)),
            MessageCheck::no_reason);
  // The reason of another errno is not this one's.
  EXPECT_EQ(check_message("prog: /tmp/in.txt: No such file or directory\n",
                          failed_open(EACCES)),
            MessageCheck::no_reason);
}

TEST(MessageRule, RejectsAMessageNamingNeitherPathNorCall) {
  EXPECT_EQ(check_message("prog: Permission denied\n", failed_open(EACCES)),
            MessageCheck::names_nothing);
  // The call must be a word of its own: "reopened" does not name open.
  EXPECT_EQ(check_message("prog: reopened: Permission denied\n",
                          failed_open(EACCES, "")),
            MessageCheck::names_nothing);
}

TEST(MessageRule, ReasonAndNameMustShareALine) {
  EXPECT_EQ(check_message("prog: trouble with /tmp/in.txt\n"
                          "prog: Permission denied\n",
                          failed_open(EACCES)),
            MessageCheck::names_nothing);
}

TEST(MessageRule, NothingOnStderrIsNoMessage) {
  EXPECT_EQ(check_message("", failed_open(EIO)), MessageCheck::no_message);
  EXPECT_EQ(check_message(" \n\n", failed_open(EIO)), MessageCheck::no_message);
}

TEST(MessageRule, StandardStreamsAreNamedByTheirNames) {
  FailedCall call;
  call.function = Function::fstat;
  call.symbol = Symbol::fstat;
  call.error = EBADF;
  call.fd = 1;
  EXPECT_EQ(check_message("cat: standard output: Bad file descriptor\n", call),
            MessageCheck::named);
  EXPECT_EQ(check_message("x: stdout: Bad file descriptor\n", call),
            MessageCheck::named);
  EXPECT_EQ(check_message("x: standard input: Bad file descriptor\n", call),
            MessageCheck::names_nothing);
}

TEST(MessageRule, AFailedCloseIsAWriteError) {
  // gnulib's close_stdout: a failing fclose(stdout) is a failed write.
  FailedCall call;
  call.function = Function::fclose;
  call.symbol = Symbol::fclose;
  call.error = EIO;
  call.fd = 1;
  EXPECT_EQ(check_message("sort: write error: Input/output error\n", call),
            MessageCheck::named);
  EXPECT_EQ(check_message("x: error closing file: Input/output error\n", call),
            MessageCheck::named);
}

TEST(MessageRule, AFailureOnStderrCannotBeReported) {
  FailedCall call;
  call.function = Function::fclose;
  call.symbol = Symbol::fclose;
  call.error = EIO;
  call.fd = 2;
  EXPECT_EQ(check_message("", call), MessageCheck::stderr_failed);
  EXPECT_TRUE(reported(MessageCheck::stderr_failed));
  EXPECT_FALSE(reported(MessageCheck::names_nothing));
}

TEST(MessageRule, LaterPathsAndErrorsOfTheSameFailureCount) {
  FailedCall call = failed_open(EACCES, "/proc/self/maps");
  call.more_paths = {"/tmp/in.txt"};
  EXPECT_EQ(check_message("grep: /tmp/in.txt: Permission denied\n", call),
            MessageCheck::named);
  FailedCall create = failed_open(ENOENT, "/tmp/out.txt");
  create.more_errors = {EEXIST};
  EXPECT_EQ(check_message("cp: cannot create regular file '/tmp/out.txt': "
                          "File exists\n",
                          create),
            MessageCheck::named);
}

TEST(MessageRule, WordsAreWholeWords) {
  EXPECT_TRUE(contains_word("sort: open failed", "open"));
  EXPECT_TRUE(contains_word("open", "open"));
  EXPECT_FALSE(contains_word("reopen", "open"));
  EXPECT_FALSE(contains_word("open_file", "open"));
  EXPECT_FALSE(contains_word("", "open"));
  EXPECT_TRUE(contains_ignoring_case("PERMISSION denied", "Permission Denied"));
  EXPECT_FALSE(contains_ignoring_case("Permission", "Permission denied"));
}

// ---- verdicts -------------------------------------------------------------

// A run that exited with @p code after an injected failure of @p call.
RunResult faulted_run(int code, std::string errors, check::Event call) {
  RunResult run;
  run.started = run.exited = true;
  run.exit_code = code;
  run.errors = std::move(errors);
  run.pid = 7;
  check::ProcessReport process;
  process.pid = 7;
  process.ending = check::Ending::exit;
  process.report.fault_fired = true;
  call.injected = true;
  call.result = -1;
  process.report.trace.push_back(call);
  run.processes.push_back(process);
  return run;
}

check::Event open_of(const char* path) {
  check::Event e;
  e.function = Function::open;
  e.symbol = Symbol::open;
  e.path = path;
  return e;
}

TEST(FaultrunJudge, ExpectErrorTellsHiddenFromUnnamed) {
  Options options;
  options.expect_error = true;
  const check::FaultPlan plan{Function::open, 1, EACCES, false};
  const check::Event call = open_of("/tmp/in.txt");
  EXPECT_EQ(judge(faulted_run(0, "", call), plan, options).verdict,
            RunVerdict::hidden);
  const Judgement unnamed =
      judge(faulted_run(1, "prog: Permission denied\n", call), plan, options);
  EXPECT_EQ(unnamed.verdict, RunVerdict::unnamed);
  EXPECT_EQ(unnamed.reason, "the message names neither the path nor the call");
  EXPECT_EQ(
      judge(faulted_run(1, "prog: /tmp/in.txt: Permission denied\n", call),
            plan, options)
          .verdict,
      RunVerdict::ok);
  EXPECT_EQ(json_name(RunVerdict::hidden), std::string("hidden"));
  EXPECT_EQ(verdict_name(RunVerdict::unnamed), std::string("UNNAMED"));
}

TEST(FaultrunJudge, MessageRegexOverridesTheRule) {
  Options options;
  options.expect_error = true;
  options.message = "^prog: failed";
  const check::FaultPlan plan{Function::open, 1, EACCES, false};
  const check::Event call = open_of("/tmp/in.txt");
  EXPECT_EQ(judge_run(faulted_run(1, "prog: failed\n", call), plan, options),
            RunVerdict::ok);
  EXPECT_EQ(
      judge_run(faulted_run(1, "prog: /tmp/in.txt: Permission denied\n", call),
                plan, options),
      RunVerdict::unnamed);
  // The exit status must still be non-zero.
  EXPECT_EQ(judge_run(faulted_run(0, "prog: failed\n", call), plan, options),
            RunVerdict::hidden);
}

TEST(FaultrunJudge, RetryingAfterEintrAndSucceedingIsCorrect) {
  Options options;
  options.expect_error = true;
  const check::FaultPlan plan{Function::open, 1, EINTR, false};
  EXPECT_EQ(
      judge_run(faulted_run(0, "", open_of("/tmp/in.txt")), plan, options),
      RunVerdict::ok);
}

TEST(FaultrunJudge, RetryLoopIsRetriesForeverOnlyForEintr) {
  const Options options;
  RunResult run = faulted_run(0, "", open_of("/tmp/in.txt"));
  run.exited = false;
  run.retry_loop = true;
  EXPECT_EQ(
      judge_run(run, check::FaultPlan{Function::open, 1, EINTR, true}, options),
      RunVerdict::retries_forever);
  EXPECT_FALSE(is_failure(RunVerdict::retries_forever));
  EXPECT_EQ(judge_run(run, check::FaultPlan{Function::open, 1, EAGAIN, true},
                      options),
            RunVerdict::hung);
}

TEST(FaultrunJudge, MayRecoverNamesOneCallNumber) {
  Options options;
  options.expect_error = true;
  options.recoverable.push_back(*parse_recovery("open:1:any"));
  const check::Event call = open_of("/tmp/in.txt");
  EXPECT_EQ(
      judge_run(faulted_run(0, "", call),
                check::FaultPlan{Function::open, 1, ENOENT, false}, options),
      RunVerdict::recovered);
  EXPECT_EQ(
      judge_run(faulted_run(0, "", call),
                check::FaultPlan{Function::open, 2, ENOENT, false}, options),
      RunVerdict::hidden);
}

TEST(FaultrunJudge, FailedCloseOfAReadOnlyDescriptorLosesNothing) {
  Options options;
  options.expect_error = true;
  check::Event opened = open_of("/tmp/in.txt");
  opened.flags = O_RDONLY;
  opened.result = 3;
  check::Event closed;
  closed.function = Function::close;
  closed.symbol = Symbol::close;
  closed.fd = 3;
  RunResult run = faulted_run(0, "", closed);
  auto& trace = run.processes[0].report.trace;
  trace.insert(trace.begin(), opened);
  const check::FaultPlan plan{Function::close, 1, EIO, false};
  EXPECT_EQ(judge_run(run, plan, options), RunVerdict::recovered);
  trace[0].flags = O_WRONLY;
  EXPECT_EQ(judge_run(run, plan, options), RunVerdict::hidden);
}

TEST(FaultrunJudge, NoReportAndCannotWatchAreFailures) {
  const Options options;
  RunResult run;
  run.started = true;
  run.exited = true;
  run.pid = 5;
  EXPECT_EQ(judge_run(run, std::nullopt, options), RunVerdict::no_report);
  EXPECT_TRUE(is_failure(RunVerdict::no_report));
  run.started = false;
  EXPECT_EQ(judge_run(run, std::nullopt, options), RunVerdict::cannot_watch);
  EXPECT_TRUE(is_failure(RunVerdict::cannot_watch));
}

// ---- options and plans ------------------------------------------------------

Options parsed(const std::vector<std::string>& args) {
  std::string error;
  const auto options = parse_options(args, error);
  EXPECT_TRUE(options.has_value()) << error;
  return options.value_or(Options{});
}

std::string refused(const std::vector<std::string>& args) {
  std::string error;
  EXPECT_FALSE(parse_options(args, error).has_value());
  return error;
}

TEST(FaultrunOptions, CallsChooseNumbersAndFunctions) {
  const Options o = parsed({"--calls", "open:1,3", "--calls", "mmap:2-4",
                            "--calls", "open:3", "--", "p"});
  EXPECT_EQ(o.calls.at(Function::open), (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(o.calls.at(Function::mmap), (std::vector<std::size_t>{2, 3, 4}));
  // Without --functions, --calls names what is swept.
  EXPECT_EQ(o.functions,
            (std::vector<Function>{Function::open, Function::mmap}));
  EXPECT_EQ(refused({"--calls", "open:0", "--", "p"}),
            "--calls takes CALL:N[,N...] with N from 1, e.g. open:1,3 or "
            "mmap:2-4");
  EXPECT_EQ(parse_calls("open"), std::nullopt);
  EXPECT_EQ(parse_calls("open:3-1"), std::nullopt);
  EXPECT_EQ(parse_calls("read:1"), std::nullopt);
}

TEST(FaultrunOptions, RecoveryWithAndWithoutCallNumber) {
  const auto any_open = parse_recovery("open:ENOENT");
  ASSERT_TRUE(any_open.has_value());
  EXPECT_EQ(any_open->nth, std::nullopt);
  EXPECT_EQ(any_open->error, ENOENT);
  const auto first = parse_recovery("open:1:any");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->nth, 1U);
  EXPECT_EQ(first->error, std::nullopt);
  EXPECT_TRUE(first->covers({Function::open, 1, EACCES, false}));
  EXPECT_FALSE(first->covers({Function::open, 2, EACCES, false}));
  EXPECT_FALSE(first->covers({Function::close, 1, EACCES, false}));
  EXPECT_EQ(parse_recovery("open:0:EIO"), std::nullopt);
  EXPECT_EQ(parse_recovery("open:1:2:EIO"), std::nullopt);
  EXPECT_EQ(parse_recovery("open:EWHAT"), std::nullopt);
}

TEST(FaultrunOptions, NewFlagsAreRead) {
  const Options o = parsed({"--jobs", "2", "--persistent-eintr", "--format",
                            "sarif", "--message", "^x", "--grace", "50",
                            "--source-root", "/src", "--", "p"});
  EXPECT_EQ(o.jobs, 2U);
  EXPECT_TRUE(o.persistent_eintr);
  EXPECT_EQ(o.format, Options::Format::sarif);
  EXPECT_EQ(o.message, "^x");
  EXPECT_EQ(o.grace_ms, 50U);
  EXPECT_EQ(o.source_root, "/src");
  EXPECT_EQ(parsed({"--format", "markdown", "--", "p"}).format,
            Options::Format::markdown);
  EXPECT_EQ(parsed({"--fault", "fstat:1:EIO:persistent", "--", "p"}).fault,
            (check::FaultPlan{Function::fstat, 1, EIO, true}));
}

TEST(FaultrunOptions, MistakesInNewFlagsAreNamed) {
  EXPECT_EQ(refused({"--jobs", "0", "--", "p"}), "--jobs takes 1 to 64");
  EXPECT_EQ(refused({"--format", "xml", "--", "p"}),
            "--format takes text, json, markdown or sarif");
  EXPECT_EQ(refused({"--message", "(", "--", "p"})
                .rfind("--message: not a regular expression: ", 0),
            0U);
  EXPECT_EQ(refused({"--fault", "any:1:EIO", "--", "p"}),
            "--fault takes CALL:N:ERRNO[:transient|persistent]");
  EXPECT_EQ(refused({"--inputs", "--", "cat", "file"}),
            "--inputs needs {} in the program's arguments");
  EXPECT_EQ(refused({"--trace", "--inputs", "--", "cat", "{}"}),
            "--trace, --fault and --inputs each choose what to run: give one");
}

TEST(MessagePattern, IsAnEcmascriptSearchOfTheWholeStderr) {
  // \d, \S and \w belong to ECMAScript, not POSIX: the documented dialect.
  EXPECT_EQ(pattern_error("open\\(\\S+\\): \\w+ \\d+"), std::nullopt);
  EXPECT_TRUE(pattern_found("open\\(\\S+\\): \\w+ \\d+",
                            "prog: open(/tmp/a): errno 13\n"));
  // A search: found anywhere, and "^" is the start of the text only.
  EXPECT_TRUE(pattern_found("Permission", "prog: Permission denied\n"));
  EXPECT_TRUE(pattern_found("^prog", "prog: first\nsecond\n"));
  EXPECT_FALSE(pattern_found("^second", "prog: first\nsecond\n"));
  EXPECT_FALSE(pattern_found("denied", "prog: Permission refused\n"));
}

TEST(MessagePattern, MalformedPatternIsRefusedWithTheReason) {
  for (const char* bad : {"(", "[a-", "a{2,1}", "*x"}) {
    const auto error = pattern_error(bad);
    ASSERT_TRUE(error.has_value()) << bad;
    EXPECT_FALSE(error->empty()) << bad;
    EXPECT_EQ(refused({"--message", bad, "--", "p"}),
              "--message: not a regular expression: " + *error);
  }
}

TEST(FaultrunOptions, JudgingArgumentsRepeatWhatChangesAVerdict) {
  const Options o = parsed({"--nesting", "strict", "--borrowed", "3",
                            "--expect-error", "--jobs", "2", "--", "p"});
  EXPECT_EQ(judging_arguments(o),
            (std::vector<std::string>{"--nesting", "strict", "--borrowed", "3",
                                      "--expect-error"}));
}

TEST(FaultrunPlan, EintrIsTransientUnlessAskedOtherwise) {
  Options o =
      parsed({"--functions", "close", "--errnos", "EINTR,EIO", "--", "p"});
  check::Report counted;
  counted.calls[static_cast<std::size_t>(Function::close)] = 2;
  const auto plans = plan_cases(o, counted);
  ASSERT_EQ(plans.size(), 6U);  // 2 calls x (EINTR once + EIO twice)
  EXPECT_EQ(plans[0], (check::FaultPlan{Function::close, 1, EINTR, false}));
  EXPECT_EQ(plans[1], (check::FaultPlan{Function::close, 1, EIO, false}));
  EXPECT_EQ(plans[2], (check::FaultPlan{Function::close, 1, EIO, true}));
  o.persistent_eintr = true;
  EXPECT_EQ(plan_cases(o, counted).size(), 8U);
}

TEST(FaultrunPlan, CallsPickNumbersEvenBeyondTheCount) {
  const Options o = parsed({"--calls", "open:2,5", "--errnos", "EIO", "--modes",
                            "transient", "--", "p"});
  check::Report counted;
  counted.calls[static_cast<std::size_t>(Function::open)] = 3;
  const auto plans = plan_cases(o, counted);
  ASSERT_EQ(plans.size(), 2U);
  EXPECT_EQ(plans[0].nth, 2U);
  EXPECT_EQ(plans[1].nth, 5U);  // run, and judged "not reached"
}

TEST(FaultrunPlan, DefaultErrnosAreTheManPagesList) {
  const Options o = parsed({"--functions", "fstat", "--", "p"});
  check::Report counted;
  counted.calls[static_cast<std::size_t>(Function::fstat)] = 1;
  const auto listed = check::documented_errors(Function::fstat);
  EXPECT_EQ(plan_cases(o, counted).size(), 2 * listed.size());
}

// ---- which programs can be watched ----------------------------------------

std::vector<unsigned char> head_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> bytes(65536);
  in.read(reinterpret_cast<char*>(bytes.data()),
          static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

std::vector<unsigned char> text(std::string_view s) {
  return {s.begin(), s.end()};
}

TEST(WatchTarget, DynamicElfIsWatchableStaticIsNot) {
  EXPECT_TRUE(classify_executable(head_of(FFIKIT_PROBE)).watchable);
  const ExecutableKind fixed =
      classify_executable(head_of(FFIKIT_STATIC_PROBE));
  EXPECT_FALSE(fixed.watchable);
  EXPECT_EQ(fixed.reason,
            "statically linked: no dynamic loader reads LD_PRELOAD, so the "
            "checker cannot enter it");
}

TEST(WatchTarget, ScriptsDeferToTheirInterpreter) {
  const ExecutableKind script =
      classify_executable(text("#! /bin/sh -e\necho"));
  EXPECT_TRUE(script.watchable);
  EXPECT_EQ(script.interpreter, "/bin/sh");
  EXPECT_EQ(classify_executable(text("#!\n")).reason,
            "a script that names no interpreter");
  EXPECT_EQ(classify_executable(text("plain text")).reason,
            "neither an ELF program nor a script");
  std::vector<unsigned char> cut = head_of(FFIKIT_PROBE);
  cut.resize(20);
  EXPECT_EQ(classify_executable(cut).reason,
            "an ELF file whose program headers cannot be read");
}

class Targets : public ::testing::Test {
 protected:
  check::testing_support::ScratchDir dir;
  std::string write(const std::string& name, const std::string& body) {
    const std::string path = dir.path(name);
    std::ofstream(path) << body;
    // SAFETY: a NUL-terminated path in the test's own directory.
    EXPECT_EQ(::chmod(path.c_str(), 0755), 0);
    return path;
  }
};

TEST_F(Targets, ScriptRunsAsItsInterpreter) {
  const Target t = watch_target(write("script", "#!/bin/sh\nexit 0\n"));
  EXPECT_EQ(t.reason, "");
  EXPECT_EQ(t.program, std::filesystem::canonical("/bin/sh").string());
}

TEST_F(Targets, ScriptOfAScriptCannotBeWatched) {
  const std::string inner = write("inner", "#!/bin/sh\n");
  const Target t = watch_target(write("outer", "#!" + inner + "\n"));
  EXPECT_FALSE(t.cannot_start);
  EXPECT_THAT(t.reason, ::testing::HasSubstr("a script whose interpreter is a "
                                             "script"));
}

TEST_F(Targets, MissingProgramCannotStart) {
  const Target t = watch_target(dir.path("absent"));
  EXPECT_TRUE(t.cannot_start);
  EXPECT_EQ(t.reason, "cannot start " + dir.path("absent") +
                          ": No such file or directory");
  EXPECT_TRUE(watch_target("no-such-command-in-path-xyz").cannot_start);
}

TEST_F(Targets, SetUserIdProgramOfAnotherUserCannotBeWatched) {
  const std::string copy = dir.path("setuid");
  std::filesystem::copy_file(FFIKIT_PROBE, copy);
  // SAFETY: NUL-terminated paths of the test's own copy; uid 65534 is
  // nobody. Only root may give a file away.
  if (::geteuid() != 0) {
    GTEST_SKIP() << "giving a file to another user needs root";
  }
  ASSERT_EQ(::chown(copy.c_str(), 65534, 65534), 0);
  ASSERT_EQ(::chmod(copy.c_str(), 04755), 0);
  const Target t = watch_target(copy);
  EXPECT_FALSE(t.cannot_start);
  EXPECT_EQ(t.reason, copy +
                          " is set-user-ID or set-group-ID: the loader runs "
                          "it securely and ignores LD_PRELOAD");
}

}  // namespace
}  // namespace ffikit::faultrun
