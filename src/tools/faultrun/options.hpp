/// @file
/// ffikit-faultrun's command line. Parsing is pure.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ffikit/check/fault.hpp"
#include "ffikit/check/function.hpp"
#include "ffikit/check/ledger.hpp"

namespace ffikit::faultrun {

/// A fault a program may survive by design (--may-recover): exiting 0
/// after it is a recovery, not a hidden failure.
struct Recovery {
  check::Function function = check::Function::open;  ///< The call.
  std::optional<std::size_t> nth;  ///< Which call (empty: any).
  std::optional<int> error;        ///< Which errno (empty: any).
  /// True when @p fault is covered.
  [[nodiscard]] bool covers(const check::FaultPlan& fault) const noexcept;
  /// Recoveries are equal when every member is.
  friend bool operator==(const Recovery&, const Recovery&) = default;
};

/// Everything the command line says.
struct Options {
  bool trace = false;         ///< --trace: one plain run, print its trace.
  bool quiet = false;         ///< --quiet: print only failing rows.
  bool expect_error = false;  ///< --expect-error: every fault must be reported.
  bool valgrind = false;      ///< --valgrind: run the program under memcheck.
  bool quarantine =
      false;  ///< --quarantine: leave released mappings PROT_NONE.
  /// --inputs: run once per hostile input, substituted for "{}".
  bool inputs = false;
  /// --nesting: relaxed by default (closing a descriptor while its mapping
  /// lives is legal POSIX; it is reported as a policy finding).
  check::Nesting nesting = check::Nesting::relaxed;
  /// --strict: munmap must name whole mappings exactly, and a close or
  /// munmap of something the program never acquired is a violation.
  bool strict = false;
  /// --borrowed FD (repeatable): descriptors the caller lends the program.
  std::vector<int> borrowed;
  /// How results are printed.
  enum class Format : unsigned char { text, json, markdown, sarif };
  Format format = Format::text;  ///< --format text|json|markdown|sarif.
  std::vector<check::Function> functions;  ///< --functions (empty: all).
  std::vector<int> errors;  ///< --errnos (empty: each man page's list).
  bool transient = true;    ///< --modes includes transient.
  bool persistent = true;   ///< --modes includes persistent.
  /// --persistent-eintr: also inject EINTR persistently. A signal cannot
  /// interrupt every call forever, so by default EINTR is transient only;
  /// with this flag a program retrying one call for ever is reported as
  /// "retries forever", not as a hang.
  bool persistent_eintr = false;
  /// --calls CALL:N[,N|N-M...] (repeatable): which calls of CALL a sweep
  /// fails (default: every one the clean run made).
  std::map<check::Function, std::vector<std::size_t>> calls;
  unsigned timeout_ms = 10000;  ///< --timeout SECONDS per run.
  /// --grace MILLISECONDS: how long descendants may outlive the program.
  unsigned grace_ms = 300;
  unsigned jobs = 1;  ///< --jobs N: sweep cases run at once.
  /// --fork-server: start the program once per job and fork each case from
  /// it after dynamic loading (fork_server.hpp) instead of executing it
  /// again; the same verdicts, fewer exec costs.
  bool fork_server = false;
  /// --may-recover CALL[:N]:ERRNO (repeatable): with --expect-error, a run
  /// in which this fault makes the program exit 0 counts as a recovery,
  /// not as a hidden failure (e.g. a reader that falls back to read(2)
  /// when mmap says ENODEV, or cp's optional first open).
  std::vector<Recovery> recoverable;
  /// --message REGEX: with --expect-error, a failure counts as reported
  /// when stderr matches this ECMAScript regular expression (instead of
  /// the error-message rule of message_rule.hpp).
  std::optional<std::string> message;
  /// --fault PLAN: run once with this fault and print the trace (what a
  /// grouped finding's reproduce command uses).
  std::optional<check::FaultPlan> fault;
  /// --source-root DIR: SARIF locations under DIR are written relative to
  /// it (uriBaseId SRCROOT), as code-scanning services expect.
  std::string source_root;
  std::vector<std::string> command;  ///< PROGRAM ARGS... after "--".
};

/// The usage text.
const char* usage() noexcept;

/// Parses argv[1..]. @return the options, or std::nullopt with @p error set
/// to a one-line explanation.
std::optional<Options> parse_options(const std::vector<std::string>& args,
                                     std::string& error);

/// Parses "open:1,3" or "mmap:2-4" (--calls). @return the call and its
/// numbers (each from 1, ascending, once), or std::nullopt.
std::optional<std::pair<check::Function, std::vector<std::size_t>>> parse_calls(
    std::string_view text);

/// Parses "open:ENOENT", "open:1:ENOENT" or "open:1:any" (--may-recover).
std::optional<Recovery> parse_recovery(std::string_view text);

/// The options that change how a run is judged or watched, as arguments
/// (e.g. {"--nesting", "strict", "--borrowed", "3"}): what a reproduce
/// command repeats.
std::vector<std::string> judging_arguments(const Options& options);

}  // namespace ffikit::faultrun
