// The span would point into memory that is unmapped when the call returns.
#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"

int main() {
  auto escaped = ffikit::stage3::with_mmap_file_contents(
      "/etc/hostname", [](std::span<const std::byte> bytes) { return bytes; });
  return static_cast<int>(escaped.size());
}
