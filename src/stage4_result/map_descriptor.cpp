#include "ffikit/stage4_result/map_descriptor.hpp"

#include <cerrno>
#include <new>
#include <string>

#include "ffikit/stage3_callback/failure.hpp"
#include "ffikit/stage3_callback/policy.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace ffikit::stage4 {
namespace {

// "descriptor N" for an unnamed descriptor; empty if even that cannot be
// allocated (to_error then reports the failure without a name).
std::string name_of(stage2::BorrowedDescriptor fd, std::string_view name) {
  try {
    return name.empty() ? "descriptor " + std::to_string(fd.get())
                        : std::string(name);
  } catch (const std::bad_alloc&) {
    return {};
  }
}

tl::unexpected<Error> failed(const char* operation, int error,
                             stage2::BorrowedDescriptor fd,
                             std::string_view name) {
  return tl::unexpected(to_error({operation, {error, std::system_category()}},
                                 name_of(fd, name)));
}

}  // namespace

tl::expected<stage2::MappedRegion, Error> map_descriptor(
    stage2::BorrowedDescriptor fd, const MapRequest& request,
    std::string_view name) noexcept {
  if (!fd.is_open()) {
    return failed(stage3::check_step, EBADF, fd, name);
  }
  std::error_code error;
  const struct stat status = stage2::status_of(fd, error);
  if (error) {
    return failed("fstat", error.value(), fd, name);
  }
  const stage3::MapPlan whole =
      stage3::plan_mapping(status.st_mode, status.st_size);
  if (const int refusal = stage3::refusal_errno(whole.decision)) {
    return failed(stage3::check_step, refusal, fd, name);
  }
  // whole.length is the file's size (0 for an empty file).
  if (request.offset > whole.length) {
    return failed(stage3::check_step, EINVAL, fd, name);
  }
  const std::uint64_t rest = whole.length - request.offset;
  const std::uint64_t length = request.length.value_or(rest);
  if (length > rest) {
    return failed(stage3::check_step, EINVAL, fd, name);
  }
  if (length == 0) {
    return stage2::MappedRegion();
  }
  stage2::MappedRegion region =
      stage2::map_region(fd, request.offset, length, request.options, error);
  if (error) {
    return failed("mmap", error.value(), fd, name);
  }
  if (request.advice != stage2::Advice::normal) {
    if (const std::error_code advised = region.advise(request.advice)) {
      return failed("madvise", advised.value(), fd, name);
    }
  }
  return region;
}

}  // namespace ffikit::stage4
