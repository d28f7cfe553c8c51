/// @file
/// Bug zoo 07: munmap given another length than mmap (see README.md).
#pragma once

#include <cstddef>

/// Bug zoo 07: munmap given another length than mmap.
namespace ffikit::bug_zoo::munmap_length {

/// A mapping as a plain pair, as C code passes it around.
struct Region {
  void* address = nullptr;  ///< Start, or nullptr.
  std::size_t length = 0;   ///< Length given to mmap.
};

/// Maps @p length bytes of @p fd read-only into @p out.
/// @return 0, or mmap's errno.
int map_region(int fd, std::size_t length, Region& out) noexcept;

/// Unmaps @p region. @return 0, or munmap's errno.
int unmap(const Region& region) noexcept;

}  // namespace ffikit::bug_zoo::munmap_length
