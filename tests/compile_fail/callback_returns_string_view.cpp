// A string_view over the bytes is a view like any other.
#include <string_view>

#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"

int main() {
  auto escaped = ffikit::stage3::with_mmap_file_contents(
      "/etc/hostname", [](std::span<const std::byte> bytes) {
        return std::string_view(reinterpret_cast<const char*>(bytes.data()),
                                bytes.size());
      });
  return static_cast<int>(escaped.size());
}
