// A pointer to the first byte dangles as soon as the file is unmapped.
#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"

int main() {
  const std::byte* escaped = ffikit::stage3::with_mmap_file_contents(
      "/etc/hostname",
      [](std::span<const std::byte> bytes) { return bytes.data(); });
  return escaped == nullptr;
}
