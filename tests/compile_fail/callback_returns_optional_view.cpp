// An optional string_view still points into the bytes once it is returned.
// Control (FFIKIT_CONTROL): an optional string, which owns its copy.
#include <optional>
#include <string>
#include <string_view>

#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"

namespace optional_view {
inline auto first_line() {
  return ffikit::stage3::with_mmap_file_contents(
      "/etc/hostname", [](std::span<const std::byte> bytes) {
        const std::string_view text(reinterpret_cast<const char*>(bytes.data()),
                                    bytes.size());
#ifdef FFIKIT_CONTROL
        return std::optional<std::string>(text.substr(0, text.find('\n')));
#else
        return std::optional<std::string_view>(text.substr(0, text.find('\n')));
#endif
      });
}
}  // namespace optional_view
