/// @file
/// Fault plans: which intercepted call fails, with which errno, once or
/// from then on. Pure: deciding makes no system call.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "ffikit/check/function.hpp"

namespace ffikit::check {

/// Fail the @p nth call (counting from 1) of @p target, or of any watched
/// call when @p target is empty, with @p error. A persistent fault also
/// fails every later call of the same operation; a transient one fails once.
struct FaultPlan {
  std::optional<Function> target;  ///< The operation, or any.
  std::size_t nth = 1;             ///< Which call, from 1.
  int error = 0;                   ///< The errno to report.
  bool persistent = false;         ///< Keep failing later calls too.
  /// Plans are equal when every member is.
  friend bool operator==(const FaultPlan&, const FaultPlan&) = default;
};

/// "open:2:ENOENT:transient", the form parse_fault() reads; "any" stands
/// for an empty target.
std::string format_fault(const FaultPlan& plan);

/// Parses "FUNCTION:N:ERRNO[:transient|persistent]" (FUNCTION may be "any",
/// ERRNO a name such as "EIO" or a number; the mode defaults to transient).
/// @return std::nullopt when the text is malformed or N is 0.
std::optional<FaultPlan> parse_fault(std::string_view text);

/// Counts calls per operation and decides, call by call, whether a plan
/// fires. Used by both ways into the checker.
class FaultSchedule {
 public:
  /// A schedule that only counts (no plan) or that follows @p plan.
  explicit FaultSchedule(std::optional<FaultPlan> plan = std::nullopt) noexcept
      : plan_(plan) {}

  /// Counts one call of @p function.
  /// @return the errno to inject, or 0 to let the real call run.
  int decide(Function function) noexcept;

  /// Calls of @p function counted so far.
  [[nodiscard]] std::size_t calls(Function function) const noexcept {
    return counts_[static_cast<std::size_t>(function)];
  }
  /// Calls of every operation counted so far.
  [[nodiscard]] std::size_t total_calls() const noexcept { return total_; }
  /// True once the plan has injected its fault.
  [[nodiscard]] bool fired() const noexcept { return fired_; }
  /// How many calls the plan failed.
  [[nodiscard]] std::size_t injected() const noexcept { return injected_; }

 private:
  std::optional<FaultPlan> plan_;
  std::array<std::size_t, all_functions.size()> counts_{};
  std::size_t total_ = 0;
  bool fired_ = false;
  Function fired_function_ = Function::open;
  std::size_t injected_ = 0;
};

}  // namespace ffikit::check
