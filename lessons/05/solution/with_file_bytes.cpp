// Lesson 5's reference, built on the kit's stage 2 owners and stage 3's pure
// policy. The descriptor owner is declared before the region owner, so on
// every early exit (an error, or an exception from visit) the region is
// destroyed first: unmapped before its descriptor is closed.
#include <fcntl.h>

#include <system_error>

#include "ffikit/stage2_raii/mapped_region.hpp"
#include "ffikit/stage3_callback/failure.hpp"
#include "ffikit/stage3_callback/policy.hpp"
#include "lesson05.hpp"

namespace lesson05 {

void with_file_bytes(std::string_view path, const ByteVisitor& visit) {
  namespace stage2 = ffikit::stage2;
  namespace stage3 = ffikit::stage3;
  std::error_code code;
  // O_NONBLOCK: a FIFO must be refused, not waited on.
  stage2::FileDescriptor fd = stage2::open_read_only(path, code, O_NONBLOCK);
  if (code) {
    stage3::throw_failure({"open", code}, path);
  }
  const struct stat status = stage2::status_of(fd, code);
  if (code) {
    stage3::throw_failure({"fstat", code}, path);
  }
  const stage3::MapPlan plan =
      stage3::plan_mapping(status.st_mode, status.st_size);
  stage2::MappedRegion region;
  if (plan.decision == stage3::MapDecision::map) {
    region = stage2::map_read_only(fd, plan.length, code);
    if (code) {
      stage3::throw_failure({"mmap", code}, path);
    }
  } else if (plan.decision != stage3::MapDecision::empty) {
    stage3::throw_failure(
        {"mmap", {stage3::refusal_errno(plan.decision), std::system_category()}},
        path);
  }
  visit(region.bytes());
  // Release in reverse order of acquisition, both always, then report the
  // first failure.
  const std::error_code unmapped = region.unmap();
  const std::error_code closed = fd.close();
  if (unmapped) {
    stage3::throw_failure({"munmap", unmapped}, path);
  }
  if (closed) {
    stage3::throw_failure({"close", closed}, path);
  }
}

}  // namespace lesson05
