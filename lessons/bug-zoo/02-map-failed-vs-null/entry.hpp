/// @file
/// Bug zoo 02: mmap's failure compared with NULL (see README.md).
#pragma once

#include <cstddef>

/// Bug zoo 02: mmap's failure compared with NULL.
namespace ffikit::bug_zoo::map_failed {

/// A mapping as a plain pair, as C code passes it around.
struct Region {
  void* address = nullptr;  ///< Start, or nullptr.
  std::size_t length = 0;   ///< Length given to mmap.
};

/// Maps @p length bytes of @p fd read-only into @p out.
/// @return 0, or mmap's errno (and @p out untouched).
int map_region(int fd, std::size_t length, Region& out) noexcept;

}  // namespace ffikit::bug_zoo::map_failed
