/// @file
/// What one watched run produced: the trace, the call counts, the
/// violations and what was still held at the end. The black-box runner
/// receives it as text written by the preload library.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ffikit/check/event.hpp"
#include "ffikit/check/function.hpp"
#include "ffikit/check/ledger.hpp"

namespace ffikit::check {

/// The result of one watched run.
struct Report {
  std::vector<Event> trace;         ///< Every watched call, in order.
  std::vector<Finding> violations;  ///< Ownership violations.
  std::vector<Finding> leaks;       ///< Held when the watch ended.
  std::array<std::size_t, all_functions.size()> calls{};  ///< Per operation.
  bool fault_fired = false;  ///< The fault plan injected.
  std::size_t injected = 0;  ///< Calls failed by injection.

  /// Calls of @p function.
  [[nodiscard]] std::size_t calls_of(Function function) const noexcept {
    return calls[static_cast<std::size_t>(function)];
  }
};

/// Line-based text form of @p report for the runner: counts, findings and
/// the rendered trace (see format_trace()). Stable and versioned by its
/// first line, "ffikit-check-report 1".
std::string serialize(const Report& report);

/// Summary of a serialized report, as the runner needs it. Trace lines
/// come back as text; events are not rebuilt.
struct ReportSummary {
  std::array<std::size_t, all_functions.size()> calls{};  ///< Per operation.
  bool fault_fired = false;             ///< The plan injected.
  std::vector<std::string> violations;  ///< describe() of each.
  std::vector<std::string> leaks;       ///< describe() of each.
  std::vector<std::string> trace;       ///< Rendered trace lines.
};

/// Reads what serialize() wrote. Several reports may be concatenated (one
/// per watched process); their counts and findings are added up.
/// @return std::nullopt if no report header is present.
std::optional<ReportSummary> parse_report(std::string_view text);

}  // namespace ffikit::check
