// Bug zoo 10, fixed: the size is checked before it is narrowed.
#include <limits>

#include "entry.hpp"

namespace ffikit::bug_zoo::narrowing {

std::optional<std::uint32_t> length32(std::int64_t size) noexcept {
  if (size < 0 || static_cast<std::uint64_t>(size) >
                      std::numeric_limits<std::uint32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(size);
}

}  // namespace ffikit::bug_zoo::narrowing
