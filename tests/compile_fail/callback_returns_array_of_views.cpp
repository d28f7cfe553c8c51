// A fixed-size array of views (first and last line). Control: an array of
// strings.
#include <array>
#include <string>
#include <string_view>

#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"

namespace array_of_views {
inline auto ends() {
  return ffikit::stage3::with_mmap_file_contents(
      "/etc/passwd", [](std::span<const std::byte> bytes) {
        const std::string_view text(reinterpret_cast<const char*>(bytes.data()),
                                    bytes.size());
#ifdef FFIKIT_CONTROL
        return std::array<std::string, 2>{std::string(text.substr(0, 1)),
                                          std::string(text.substr(1))};
#else
        return std::array<std::string_view, 2>{text.substr(0, 1),
                                               text.substr(1)};
#endif
      });
}
}  // namespace array_of_views
