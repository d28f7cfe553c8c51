/// @file
/// Bug zoo 11: a caller's offset + length that wraps around (see README.md).
#pragma once

#include <cstddef>
#include <cstdint>

/// Bug zoo 11: a caller's offset + length that wraps around.
namespace ffikit::bug_zoo::window {

/// A mapped window of a file.
struct Window {
  void* address = nullptr;  ///< Start, or nullptr.
  std::size_t length = 0;   ///< Length given to mmap.
};

/// Maps bytes [@p offset, @p offset + @p length) of @p fd, a file of
/// @p file_size bytes, into @p out. @p offset must be a multiple of the
/// page size.
/// @return 0; or EINVAL, without calling mmap, when the window is empty,
///         misaligned or does not lie inside the file; or mmap's errno.
int map_window(int fd, std::uint64_t file_size, std::uint64_t offset,
               std::size_t length, Window& out) noexcept;

}  // namespace ffikit::bug_zoo::window
