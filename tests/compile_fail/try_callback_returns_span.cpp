// Stage 4 rejects borrowed results exactly as stage 3 does.
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

int main() {
  auto escaped = ffikit::stage4::try_with_mmap_file_contents(
      "/etc/hostname", [](std::span<const std::byte> bytes) { return bytes; });
  return escaped.has_value();
}
