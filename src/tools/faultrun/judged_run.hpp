/// @file
/// A judged run and a whole invocation's results: what every output format
/// renders.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ffikit/check/fault.hpp"
#include "symbolize.hpp"
#include "verdict.hpp"
#include "watched_run.hpp"

namespace ffikit::faultrun {

/// One judged run: the fault or input (none for a clean or trace run), how
/// it went, and its call sites resolved.
struct JudgedRun {
  std::optional<check::FaultPlan> fault;  ///< The injected fault, if any.
  std::string input;  ///< (--inputs) which hostile input, e.g. "FIFO".
  RunResult run;      ///< What happened.
  RunVerdict verdict = RunVerdict::ok;  ///< The judgement.
  std::string reason;                   ///< Why, when it helps.
  /// Per process (same order as run.processes): each call site of its
  /// findings, lints and last calls, resolved.
  std::vector<std::map<std::uintptr_t, SourceLocation>> sites;

  /// The resolved text of @p site in process @p process, "" for 0.
  [[nodiscard]] std::string where(std::size_t process,
                                  std::uintptr_t site) const;
  /// The resolved location of @p site in process @p process, if known.
  [[nodiscard]] const SourceLocation* location(std::size_t process,
                                               std::uintptr_t site) const;
};

/// A warning read from a trace: legal, but a risk worth a look.
struct Lint {
  std::string kind;         ///< "open without O_CLOEXEC", ...
  std::string message;      ///< One example, e.g. open("/tmp/a", O_RDONLY) = 3.
  std::size_t run = 0;      ///< Which run of Results::runs.
  std::size_t process = 0;  ///< Which process of that run.
  std::uintptr_t site = 0;  ///< The call site.
  std::size_t count = 0;    ///< Calls from that site with this lint.
};

/// Failing runs (or findings) with one root cause.
struct Group {
  std::string kind;         ///< A finding kind, or a verdict ("hung").
  std::string severity;     ///< "error", "policy" or "lint".
  std::string title;        ///< One line that says what and where.
  std::string example;      ///< The first occurrence in full.
  std::string acquired_at;  ///< Source location of the acquisition, if any.
  std::string at;           ///< Source location of the misuse, if any.
  /// The first occurrence's resolved sites (for SARIF), when known.
  std::optional<SourceLocation> acquired_location;
  std::optional<SourceLocation> location;  ///< See acquired_location.
  std::vector<std::size_t> runs;           ///< Indices of the runs it covers.
  std::vector<std::string>
      when;               ///< The faults or inputs, in order, once each.
  std::string reproduce;  ///< One command that shows it.
  std::vector<std::string> last_calls;  ///< For hangs and crashes.
};

/// Everything one invocation found.
struct Results {
  /// What was run.
  enum class Mode : unsigned char { trace, sweep, inputs };
  Mode mode = Mode::trace;              ///< See Mode.
  std::vector<std::string> command;     ///< PROGRAM ARGS as given.
  std::vector<JudgedRun> runs;          ///< Clean run first in a sweep.
  std::vector<Group> groups;            ///< Failures grouped by root cause.
  std::vector<Lint> lints;              ///< From the clean (or trace) run.
  RunVerdict verdict = RunVerdict::ok;  ///< The overall verdict.
  bool failed = false;  ///< Any run failed (ffikit-faultrun exits 1).
};

}  // namespace ffikit::faultrun
