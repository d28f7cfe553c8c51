// Lesson 7's reference, built on the kit's stage 2 owners and stage 3's pure
// policy, as in lesson 5, with every failure returned as a value.
#include <fcntl.h>

#include <algorithm>
#include <string>
#include <system_error>

#include "ffikit/stage2_raii/mapped_region.hpp"
#include "ffikit/stage3_callback/policy.hpp"
#include "lesson07.hpp"

namespace lesson07 {

tl::expected<std::size_t, ffikit::Error> try_count_lines(
    std::string_view path) {
  namespace stage2 = ffikit::stage2;
  namespace stage3 = ffikit::stage3;
  // std::string(path) keeps every byte of the view, NULs included.
  const auto failed = [path](const char* operation, std::error_code code) {
    return tl::unexpected(ffikit::Error{operation, code, std::string(path)});
  };
  std::error_code code;
  // open_read_only refuses a path with a NUL byte (EINVAL) before open(2).
  stage2::FileDescriptor fd = stage2::open_read_only(path, code, O_NONBLOCK);
  if (code) {
    return failed("open", code);
  }
  const struct stat status = stage2::status_of(fd, code);
  if (code) {
    return failed("fstat", code);
  }
  const stage3::MapPlan plan =
      stage3::plan_mapping(status.st_mode, status.st_size);
  std::size_t lines = 0;
  if (plan.decision == stage3::MapDecision::map) {
    stage2::MappedRegion region = stage2::map_read_only(fd, plan.length, code);
    if (code) {
      return failed("mmap", code);
    }
    const std::span<const std::byte> bytes = region.bytes();
    lines = static_cast<std::size_t>(
        std::count(bytes.begin(), bytes.end(), std::byte{'\n'}));
    // The region is released before the descriptor, whatever happens next.
    if (const std::error_code unmapped = region.unmap()) {
      return failed("munmap", unmapped);
    }
  } else if (plan.decision != stage3::MapDecision::empty) {
    return failed("mmap", {stage3::refusal_errno(plan.decision),
                           std::system_category()});
  }
  if (const std::error_code closed = fd.close()) {
    return failed("close", closed);
  }
  return lines;
}

}  // namespace lesson07
