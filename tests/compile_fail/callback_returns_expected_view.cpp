// An expected whose value is a view: the error channel does not make the
// view safe. Control: an expected string.
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"

namespace expected_view {
inline auto parsed() {
  return ffikit::stage3::with_mmap_file_contents(
      "/etc/hostname", [](std::span<const std::byte> bytes) {
        const std::string_view text(reinterpret_cast<const char*>(bytes.data()),
                                    bytes.size());
#ifdef FFIKIT_CONTROL
        return tl::expected<std::string, int>(std::string(text));
#else
        return tl::expected<std::string_view, int>(text);
#endif
      });
}
}  // namespace expected_view
