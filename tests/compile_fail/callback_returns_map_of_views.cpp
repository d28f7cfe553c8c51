// A map from keys to views of the values, as a config parser might build.
// Control: a map of strings.
#include <map>
#include <string>
#include <string_view>

#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"

namespace map_of_views {
inline auto settings() {
  return ffikit::stage3::with_mmap_file_contents(
      "/etc/hostname", [](std::span<const std::byte> bytes) {
        const std::string_view text(reinterpret_cast<const char*>(bytes.data()),
                                    bytes.size());
#ifdef FFIKIT_CONTROL
        std::map<std::string, std::string> out;
        out["host"] = std::string(text);
#else
        std::map<std::string, std::string_view> out;
        out["host"] = text;
#endif
        return out;
      });
}
}  // namespace map_of_views
