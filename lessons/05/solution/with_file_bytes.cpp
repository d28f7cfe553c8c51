// Lesson 5's reference: stage 3's with_mmap_file_contents, which keeps the
// descriptor and the mapping in one object whose members are released in
// reverse order of declaration: mapping first, descriptor second.
#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"
#include "lesson05.hpp"

namespace lesson05 {

void with_file_bytes(std::string_view path, const ByteVisitor& visit) {
  ffikit::stage3::with_mmap_file_contents(
      path, [&visit](std::span<const std::byte> bytes) { visit(bytes); });
}

}  // namespace lesson05
