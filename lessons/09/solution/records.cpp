// Lesson 9's reference parser: every length is checked against what is left.
#include "lesson09.hpp"

namespace lesson09 {

std::optional<RecordSummary> summarize_records(
    std::span<const std::byte> bytes) noexcept {
  if (bytes.size() < 2 || bytes[0] != std::byte{'R'} ||
      bytes[1] != std::byte{'C'}) {
    return std::nullopt;
  }
  RecordSummary summary;
  std::span<const std::byte> rest = bytes.subspan(2);
  while (!rest.empty()) {
    const auto length = std::to_integer<std::size_t>(rest[0]);
    if (length > rest.size() - 1) {
      return std::nullopt;
    }
    for (const std::byte b : rest.subspan(1, length)) {
      summary.checksum =
          summary.checksum * 31U + std::to_integer<std::uint32_t>(b);
    }
    rest = rest.subspan(1 + length);
    ++summary.count;
  }
  return summary;
}

}  // namespace lesson09
