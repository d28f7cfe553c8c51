/// @file
/// SQLite-style anomaly sweeps: run an operation once to count its calls,
/// then once per call N, per documented errno, transient and persistent,
/// and judge each run.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ffikit/check/child.hpp"
#include "ffikit/check/fault.hpp"
#include "ffikit/check/function.hpp"
#include "ffikit/check/ledger.hpp"
#include "ffikit/check/message.hpp"

namespace ffikit::check {

/// What an operation under test reported: the failed call's name and errno,
/// or an empty operation for success.
struct Outcome {
  std::string operation;  ///< "open", "mmap", ... or empty on success.
  int error = 0;          ///< The errno reported.
  /// True when the operation reported success.
  [[nodiscard]] bool ok() const noexcept { return operation.empty(); }
};

/// The judgement of one fault case.
enum class Verdict : unsigned char {
  clean_error,        ///< Reported exactly the injected call and errno,
                      ///< leaked nothing, violated nothing.
  swallowed,          ///< Reported success although a call failed.
  recovered,          ///< Reported success for a fault its policy may
                      ///< answer with success (SweepOptions::recoverable),
                      ///< leaking nothing and violating nothing.
  wrong_error,        ///< Reported another operation or errno.
  leaked,             ///< Left a descriptor or mapping behind.
  violated,           ///< Broke ownership or nesting.
  not_reached,        ///< The planned call never happened.
  died_with_message,  ///< Ended the process with a message naming the
                      ///< injected call and errno (stage 1's contract).
  died_otherwise,     ///< Ended the process without such a message.
  crashed,            ///< Killed by a signal.
  hung,               ///< Still running at the timeout.
  not_started,        ///< No child could be created (pipe2 or fork
                      ///< failed; ChildResult::spawn_error says why).
};

/// Short name of a verdict ("clean error").
const char* verdict_name(Verdict verdict) noexcept;

/// A call and an errno that the code under test may, by its own written
/// policy, answer with success: (close, EINTR) for a wrapper that counts a
/// close interrupted after the release as done, (mmap, ENOMEM) for one that
/// reads when it cannot map. The same pairs ffikit-faultrun's --may-recover
/// takes.
using Recoverable = std::pair<Function, int>;

/// Judges an in-process run. Pure.
/// @param recoverable faults after which success is Verdict::recovered
/// rather than Verdict::swallowed.
Verdict judge(const FaultPlan& plan, const Outcome& outcome, bool fired,
              std::size_t leaks, std::size_t violations,
              std::span<const Recoverable> recoverable = {});

/// Judges a run in a child process. A child that survives prints
/// "ffikit-sweep: ok|error OP ERRNO leaks N violations M fired F"; one that
/// ends the process through exit() prints "ffikit-sweep-exit: held N" first.
/// @param recoverable as for judge().
Verdict judge_child(const FaultPlan& plan, const ChildResult& child,
                    std::span<const Recoverable> recoverable = {});

/// How to sweep.
struct SweepOptions {
  /// Operations to fail; each errno documented_errors() lists is tried.
  std::vector<Function> functions{all_functions.begin(), all_functions.end()};
  bool transient = true;              ///< Run each case failing once.
  bool persistent = true;             ///< Run each case failing from then on.
  Nesting nesting = Nesting::strict;  ///< Nesting rule for the ledger.
  /// Run every case in a forked child (for code that may end the process).
  bool in_child = false;
  /// Faults the operation may answer with success by policy; such a case is
  /// Verdict::recovered instead of Verdict::swallowed. Empty: every success
  /// after a fault is swallowed.
  std::vector<Recoverable> recoverable;
};

/// One case and its judgement.
struct SweepCase {
  FaultPlan plan;                          ///< The injected fault.
  Verdict verdict = Verdict::not_reached;  ///< The judgement.
  Outcome outcome;                         ///< What the operation reported.
  std::vector<std::string> findings;  ///< describe() of leaks and violations.
  ChildResult child;                  ///< How the child ended (in_child).
  /// (in_child) Descriptors and mappings the child still held when it
  /// ended the process: resources a library caller would have lost.
  std::size_t held_at_exit = 0;
};

/// All cases of a sweep.
struct SweepReport {
  /// Calls per operation in the clean counting run.
  std::array<std::size_t, all_functions.size()> calls{};
  Outcome clean;                            ///< The counting run's outcome.
  std::vector<std::string> clean_findings;  ///< Its leaks and violations.
  std::vector<SweepCase> cases;             ///< One per call, errno and mode.

  /// Cases with @p verdict.
  [[nodiscard]] std::size_t count(Verdict verdict) const noexcept;
};

/// Runs the sweep. @p operation must be repeatable, report failures as an
/// Outcome (not by throwing), and not touch descriptors or mappings it did
/// not acquire itself.
/// @pre no session is armed.
SweepReport sweep(const std::function<Outcome()>& operation,
                  const SweepOptions& options = {});

}  // namespace ffikit::check
