#include "ffikit/stage3_callback/file_mapping.hpp"

#include <utility>

#include "ffikit/stage3_callback/opened_file.hpp"
#include "ffikit/stage3_callback/read_to_end.hpp"

namespace ffikit::stage3 {
namespace {

// Closes the descriptor of bytes already read. Only EBADF is a failure:
// anything else cannot have cost a byte of a read-only file.
Failure close_after_reading(stage2::FileDescriptor& descriptor) noexcept {
  const std::error_code closed = descriptor.close();
  if (closed && !close_error_loses_nothing(closed.value())) {
    return {"close", closed};
  }
  return {};
}

}  // namespace

FileMapping::FileMapping(FileMapping&& other) noexcept
    : descriptor_(std::move(other.descriptor_)),
      region_(std::move(other.region_)),
      buffer_(std::move(other.buffer_)) {}

FileMapping& FileMapping::operator=(FileMapping&& other) noexcept {
  if (this != &other) {
    // The old contents go with `taken`, whose members are destroyed in
    // reverse order: the mapping before its descriptor.
    FileMapping taken(std::move(other));
    std::swap(descriptor_, taken.descriptor_);
    std::swap(region_, taken.region_);
    std::swap(buffer_, taken.buffer_);
  }
  return *this;
}

Failure FileMapping::open(std::string_view path, FileMapping& out) noexcept {
  return open(path, Options{}, out);
}

Failure FileMapping::open(std::string_view path, const Options& options,
                          FileMapping& out) noexcept {
  OpenedFile file;
  if (const Failure failure = open_for_contents(path, options, file)) {
    return failure;
  }
  FileMapping contents;
  if (file.plan.route == ContentsRoute::map) {
    std::error_code error;
    contents.region_ = stage2::map_region(
        file.descriptor, 0, file.plan.length,
        {stage2::MapAccess::read_only, options.populate}, error);
    if (!error) {
      if (options.advice != stage2::Advice::normal) {
        if (const std::error_code advised =
                contents.region_.advise(options.advice)) {
          return {"madvise", advised};
        }
      }
      contents.descriptor_ = std::move(file.descriptor);
      out = std::move(contents);
      return {};
    }
    if (!read_instead_of_mapping(error.value())) {
      return {"mmap", error};
    }
    // The kernel will not map this file (or has no room for it): the
    // caller gets the same bytes, read.
  }
  if (const std::error_code error =
          read_to_end(file.descriptor.get(), file.plan.length,
                      options.read_limit, contents.buffer_)) {
    return {"read", error};
  }
  // Released before anyone sees the bytes, so that a failed close is known
  // before the caller's callback has done anything.
  if (const Failure failure = close_after_reading(file.descriptor)) {
    return failure;
  }
  out = std::move(contents);
  return {};
}

Failure FileMapping::close() noexcept {
  const std::error_code unmapped = region_.unmap();
  const std::error_code closed = descriptor_.close();
  std::vector<std::byte>().swap(buffer_);
  if (unmapped) {
    return {"munmap", unmapped};
  }
  if (closed && !close_error_loses_nothing(closed.value())) {
    return {"close", closed};
  }
  return {};
}

}  // namespace ffikit::stage3
