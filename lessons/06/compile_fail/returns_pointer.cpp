// Compile-fail check: a callback that returns a pointer into the bytes must
// be rejected. With LESSON_CF_CONTROL it returns a copied byte instead.
#include <cstddef>
#include <span>

#include "lesson06.hpp"

int main() {
  const std::byte data[] = {std::byte{1}, std::byte{2}};
  const std::span<const std::byte> bytes(data);
#ifdef LESSON_CF_CONTROL
  auto first = lesson06::with_bytes(
      bytes, [](std::span<const std::byte> b) { return b[0]; });
  return static_cast<int>(first);
#else
  auto first = lesson06::with_bytes(
      bytes, [](std::span<const std::byte> b) { return b.data(); });
  return static_cast<int>(*first);
#endif
}
