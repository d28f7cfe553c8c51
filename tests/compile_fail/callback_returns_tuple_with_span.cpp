// A tuple with a span among its members. Control: the same tuple holding a
// vector instead.
#include <string>
#include <tuple>
#include <vector>

#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace tuple_with_span {
inline auto summary() {
  return ffikit::stage4::try_with_mmap_file_contents(
      "/etc/hostname", [](std::span<const std::byte> bytes) {
#ifdef FFIKIT_CONTROL
        return std::tuple<int, std::string, std::vector<std::byte>>(
            1, "name", std::vector<std::byte>(bytes.begin(), bytes.end()));
#else
        return std::tuple<int, std::string, std::span<const std::byte>>(
            1, "name", bytes);
#endif
      });
}
}  // namespace tuple_with_span
