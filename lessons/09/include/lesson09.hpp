/// @file
/// Lesson 9: a tiny parser for the bytes a callback receives, and a fuzz
/// target that drives it.
///
/// Format: the two bytes "RC", then records, each one length byte L
/// followed by L payload bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

/// Lesson 9's exercise namespace.
namespace lesson09 {

/// What summarize_records() finds.
struct RecordSummary {
  std::size_t count = 0;       ///< Number of complete records.
  std::uint32_t checksum = 0;  ///< checksum = checksum * 31 + byte, over
                               ///< every payload byte in order.
  /// Summaries are equal when both members are.
  friend bool operator==(const RecordSummary&, const RecordSummary&) = default;
};

/// Summarizes @p bytes, or returns std::nullopt when they do not start with
/// "RC" or when a record's length runs past the end. Reads nothing outside
/// @p bytes.
std::optional<RecordSummary> summarize_records(
    std::span<const std::byte> bytes) noexcept;

}  // namespace lesson09
