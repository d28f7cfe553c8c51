// Compile-fail check: a callback that returns the view it was given must be
// rejected. With LESSON_CF_CONTROL it copies instead and must compile.
#include <cstddef>
#include <span>
#include <vector>

#include "lesson06.hpp"

int main() {
  const std::byte data[] = {std::byte{1}, std::byte{2}};
  const std::span<const std::byte> bytes(data);
#ifdef LESSON_CF_CONTROL
  auto kept = lesson06::with_bytes(bytes, [](std::span<const std::byte> b) {
    return std::vector<std::byte>(b.begin(), b.end());
  });
#else
  auto kept = lesson06::with_bytes(
      bytes, [](std::span<const std::byte> b) { return b; });
#endif
  return static_cast<int>(kept.size());
}
