#include "lesson09.hpp"

namespace lesson09 {

// TODO (task 2): once your fuzz target has found the bug, fix it here: a
// record whose length byte claims more payload than is left must make the
// whole input invalid (std::nullopt), and nothing past the end is read.
std::optional<RecordSummary> summarize_records(
    std::span<const std::byte> bytes) noexcept {
  if (bytes.size() < 2 || bytes[0] != std::byte{'R'} ||
      bytes[1] != std::byte{'C'}) {
    return std::nullopt;
  }
  RecordSummary summary;
  std::size_t at = 2;
  while (at < bytes.size()) {
    const auto length = std::to_integer<std::size_t>(bytes[at]);
    const std::byte* payload = bytes.data() + at + 1;
    for (std::size_t k = 0; k < length; ++k) {
      summary.checksum =
          summary.checksum * 31U + std::to_integer<std::uint32_t>(payload[k]);
    }
    at += 1 + length;
    ++summary.count;
  }
  return summary;
}

}  // namespace lesson09
