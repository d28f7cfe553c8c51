// Lesson 7's reference: stage 4's try_with_mmap_file_contents.
#include <algorithm>

#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"
#include "lesson07.hpp"

namespace lesson07 {

tl::expected<std::size_t, ffikit::Error> try_count_lines(
    std::string_view path) {
  return ffikit::stage4::try_with_mmap_file_contents(
      path, [](std::span<const std::byte> bytes) {
        return static_cast<std::size_t>(
            std::count(bytes.begin(), bytes.end(), std::byte{'\n'}));
      });
}

}  // namespace lesson07
