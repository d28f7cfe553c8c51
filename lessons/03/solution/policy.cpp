// Lesson 3's reference: the decisions are stage 3's pure policy functions,
// the system calls are stage 2's owners.
#include <fcntl.h>

#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "lesson03.hpp"

namespace lesson03 {

std::optional<std::size_t> narrow_file_size(std::int64_t size) noexcept {
  return ffikit::stage3::narrow_file_size(size);
}

MapPlan plan_mapping(std::uint32_t mode, std::int64_t size) noexcept {
  return ffikit::stage3::plan_mapping(mode, size);
}

MapPlan plan_for_path(std::string_view path, std::error_code& error) noexcept {
  const ffikit::stage2::FileDescriptor fd =
      ffikit::stage2::open_read_only(path, error, O_NONBLOCK);
  if (error) {
    return {MapDecision::refuse_special, 0};
  }
  const struct stat status = ffikit::stage2::status_of(fd, error);
  if (error) {
    return {MapDecision::refuse_special, 0};
  }
  return plan_mapping(status.st_mode, status.st_size);
}

}  // namespace lesson03
