/// @file
/// The non-template core of stages 3 and 4: a descriptor and the mapping
/// made from it, held together so that their lifetimes nest.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage2_raii/mapped_region.hpp"
#include "ffikit/stage3_callback/failure.hpp"

namespace ffikit::stage3 {

/// A whole file, opened and mapped read-only, or nothing.
///
/// The descriptor is a member declared before the region, so destruction
/// releases the mapping first and the descriptor second: the nesting the
/// post asked for, on every path including exceptions. Move-only.
class FileMapping {
 public:
  /// Nothing opened.
  FileMapping() noexcept = default;

  /// Opens @p path (O_RDONLY | O_CLOEXEC | O_NONBLOCK, so a FIFO never
  /// blocks), checks it with fstat and plan_mapping(), and maps it.
  ///
  /// Errors, as (operation, errno):
  /// - ("open", EINVAL) for a path with a NUL byte, before any call;
  /// - ("open", errno) when open(2) fails: ENOENT, EACCES, ELOOP, ...;
  /// - ("fstat", errno) when fstat(2) fails;
  /// - ("mmap", EISDIR) for a directory, ("mmap", ENODEV) for a FIFO,
  ///   socket or device, ("mmap", EOVERFLOW) for a size that does not fit;
  /// - ("mmap", errno) when mmap(2) fails: ENOMEM, EACCES, ...
  /// An empty regular file succeeds with an empty view and no mmap call.
  /// @param[out] out replaced on success; left empty on error, with
  /// everything acquired so far already released.
  /// @return an empty Failure on success.
  static Failure open(std::string_view path, FileMapping& out) noexcept;

  /// The file's bytes; empty for an empty file. Valid until close() or
  /// destruction.
  [[nodiscard]] std::span<const std::byte> bytes() const noexcept {
    return region_.bytes();
  }

  /// Unmaps, then closes, reporting the first failure (("munmap", errno) or
  /// ("close", errno)). Both releases happen even if the first fails.
  Failure close() noexcept;

 private:
  // Order matters: members are destroyed in reverse, region before fd.
  stage2::FileDescriptor descriptor_;
  stage2::MappedRegion region_;
};

}  // namespace ffikit::stage3
