#include <utility>

#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace ffikit::stage4 {

tl::expected<stage3::FileMapping, Error> open_file_mapping(
    std::string_view path, const stage3::Options& options) noexcept {
  stage3::FileMapping contents;
  if (const stage3::Failure failure =
          stage3::FileMapping::open(path, options, contents)) {
    return tl::unexpected(to_error(failure, path));
  }
  return contents;
}

}  // namespace ffikit::stage4
