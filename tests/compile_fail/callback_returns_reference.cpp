// A reference to a byte of the mapping dangles like a pointer.
#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"

int main() {
  const std::byte& escaped = ffikit::stage3::with_mmap_file_contents(
      "/etc/hostname",
      [](std::span<const std::byte> bytes) -> const std::byte& {
        return bytes[0];
      });
  return static_cast<int>(escaped);
}
