// A pair whose second member points at the first byte. Control: a pair of
// a size and a copied byte.
#include <cstddef>
#include <utility>

#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"

namespace pair_with_pointer {
inline auto size_and_first() {
  return ffikit::stage3::with_mmap_file_contents(
      "/etc/hostname", [](std::span<const std::byte> bytes) {
#ifdef FFIKIT_CONTROL
        return std::pair<std::size_t, std::byte>(bytes.size(), bytes[0]);
#else
        return std::pair<std::size_t, const std::byte*>(bytes.size(),
                                                        bytes.data());
#endif
      });
}
}  // namespace pair_with_pointer
