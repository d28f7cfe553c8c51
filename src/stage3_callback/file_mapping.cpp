#include "ffikit/stage3_callback/file_mapping.hpp"

#include <fcntl.h>

#include <utility>

#include "ffikit/stage3_callback/policy.hpp"

namespace ffikit::stage3 {

Failure FileMapping::open(std::string_view path, FileMapping& out) noexcept {
  FileMapping mapping;
  std::error_code error;
  // O_NONBLOCK: a FIFO must be refused, not waited on; fstat tells us what
  // the file is only after open has returned.
  mapping.descriptor_ = stage2::open_read_only(path, error, O_NONBLOCK);
  if (error) {
    return {"open", error};
  }
  const struct stat status = stage2::status_of(mapping.descriptor_, error);
  if (error) {
    return {"fstat", error};
  }
  const MapPlan plan = plan_mapping(status.st_mode, status.st_size);
  if (const int refusal = refusal_errno(plan.decision); refusal != 0) {
    return {"mmap", {refusal, std::system_category()}};
  }
  if (plan.decision == MapDecision::map) {
    mapping.region_ =
        stage2::map_read_only(mapping.descriptor_, plan.length, error);
    if (error) {
      return {"mmap", error};
    }
  }
  // Swap rather than move-assign so that whatever out held is released by
  // mapping's destructor, in nested order.
  std::swap(out.descriptor_, mapping.descriptor_);
  std::swap(out.region_, mapping.region_);
  return {};
}

Failure FileMapping::close() noexcept {
  const std::error_code unmapped = region_.unmap();
  const std::error_code closed = descriptor_.close();
  if (unmapped) {
    return {"munmap", unmapped};
  }
  if (closed) {
    return {"close", closed};
  }
  return {};
}

}  // namespace ffikit::stage3
