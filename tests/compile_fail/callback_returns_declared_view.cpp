// A user's own view type (a pointer and a length in a struct) is invisible
// to the type system; declared a borrowing_type, it is rejected. Control:
// the same type without the declaration compiles, which is why the trait
// exists.
#include <cstddef>

#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"

namespace declared_view {
struct Token {
  const std::byte* first;
  std::size_t size;
};
}  // namespace declared_view

#ifndef FFIKIT_CONTROL
template <>
struct ffikit::stage3::borrowing_type<declared_view::Token> : std::true_type {};
#endif

namespace declared_view {
inline auto first_token() {
  return ffikit::stage3::with_mmap_file_contents(
      "/etc/hostname", [](std::span<const std::byte> bytes) {
        return Token{bytes.data(), bytes.size()};
      });
}
}  // namespace declared_view
