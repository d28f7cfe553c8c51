// A unique_ptr owns its string_view, but not the bytes the view shows.
// Control: a unique_ptr to a string.
#include <memory>
#include <string>
#include <string_view>

#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"

namespace unique_ptr_to_view {
inline auto boxed() {
  return ffikit::stage3::with_mmap_file_contents(
      "/etc/hostname", [](std::span<const std::byte> bytes) {
        const std::string_view text(reinterpret_cast<const char*>(bytes.data()),
                                    bytes.size());
#ifdef FFIKIT_CONTROL
        return std::make_unique<std::string>(text);
#else
        return std::make_unique<std::string_view>(text);
#endif
      });
}
}  // namespace unique_ptr_to_view
