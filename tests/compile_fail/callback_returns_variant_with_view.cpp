// A variant whose alternatives include a view. Control: a variant of owning
// alternatives.
#include <string>
#include <string_view>
#include <variant>

#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"

namespace variant_with_view {
inline auto word_or_size() {
  return ffikit::stage3::with_mmap_file_contents(
      "/etc/hostname", [](std::span<const std::byte> bytes) {
        const std::string_view text(reinterpret_cast<const char*>(bytes.data()),
                                    bytes.size());
#ifdef FFIKIT_CONTROL
        return std::variant<std::size_t, std::string>(std::string(text));
#else
        return std::variant<std::size_t, std::string_view>(text);
#endif
      });
}
}  // namespace variant_with_view
