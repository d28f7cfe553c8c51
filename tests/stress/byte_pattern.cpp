#include "byte_pattern.hpp"

#include <string_view>

namespace ffikit::stress {

std::string write_pattern(const test_support::TempDir& dir,
                          const std::string& name,
                          const std::vector<unsigned char>& bytes) {
  return dir.write(name,
                   std::string_view(reinterpret_cast<const char*>(bytes.data()),
                                    bytes.size()));
}

std::vector<unsigned char> pattern(std::size_t size, unsigned seed) {
  std::vector<unsigned char> bytes(size);
  unsigned state = seed * 2654435761U + 1U;
  for (unsigned char& byte : bytes) {
    state = state * 1103515245U + 12345U;
    byte = static_cast<unsigned char>(state >> 16U);
  }
  return bytes;
}

std::uint64_t checksum(std::span<const std::byte> bytes) noexcept {
  std::uint64_t sum = 0;
  std::uint64_t position = 0;
  for (const std::byte byte : bytes) {
    ++position;
    sum += position * std::to_integer<std::uint64_t>(byte);
  }
  return sum;
}

}  // namespace ffikit::stress
