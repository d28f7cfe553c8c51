// The control case: owning results, void and move-only types compile. If
// this failed, every other compile_fail test would be failing for the wrong
// reason (a bad include path, say).
#include <memory>
#include <string>
#include <vector>

#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

int main() {
  using Bytes = std::span<const std::byte>;
  auto copy = ffikit::stage3::with_mmap_file_contents(
      "/etc/hostname",
      [](Bytes b) { return std::vector<std::byte>(b.begin(), b.end()); });
  auto text =
      ffikit::stage4::try_with_mmap_file_contents("/etc/hostname", [](Bytes b) {
        return std::string(reinterpret_cast<const char*>(b.data()), b.size());
      });
  auto owned = ffikit::stage3::with_mmap_file_contents(
      "/etc/hostname",
      [](Bytes b) { return std::make_unique<std::size_t>(b.size()); });
  ffikit::stage3::with_mmap_file_contents("/etc/hostname", [](Bytes) {});
  return static_cast<int>(copy.size() + text->size() + *owned);
}
