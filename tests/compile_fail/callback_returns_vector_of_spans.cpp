// A vector of spans, one per line, through stage 4: every span dies with
// the bytes. Control: a vector of byte vectors.
#include <vector>

#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace vector_of_spans {
inline auto lines() {
  return ffikit::stage4::try_with_mmap_file_contents(
      "/etc/passwd", [](std::span<const std::byte> bytes) {
#ifdef FFIKIT_CONTROL
        std::vector<std::vector<std::byte>> out;
        out.emplace_back(bytes.begin(), bytes.end());
#else
        std::vector<std::span<const std::byte>> out;
        out.push_back(bytes);
#endif
        return out;
      });
}
}  // namespace vector_of_spans
