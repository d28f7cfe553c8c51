/// @file
/// The bug zoo: small, real mistakes made when wrapping open/fstat/mmap/
/// munmap/close, each next to its fix. bug_zoo_test.cpp shows every buggy
/// version misbehaving and every fixed version behaving.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// The bug zoo (see lessons/bug-zoo/README.md).
namespace ffikit::bug_zoo {

/// A mapping as a plain pair, as C code passes it around.
struct RawRegion {
  void* address = nullptr;  ///< Start, or nullptr.
  std::size_t length = 0;   ///< Length passed to mmap.
};

/// Owner whose move constructor is defaulted: the moved-from object keeps
/// the address and unmaps it again (bug 5).
struct DefaultedMoveRegion {
  RawRegion region;  ///< What this object believes it owns.
  /// Maps @p length bytes of @p fd; region.address stays null on failure.
  DefaultedMoveRegion(int fd, std::size_t length) noexcept;
  DefaultedMoveRegion(DefaultedMoveRegion&&) noexcept = default;  // the bug
  DefaultedMoveRegion& operator=(DefaultedMoveRegion&&) = delete;
  /// Unmaps region if it is set.
  ~DefaultedMoveRegion();
};

/// Owner whose move constructor empties the source (bug 5, fixed).
struct MovableRegion {
  RawRegion region;  ///< What this object owns.
  /// Maps @p length bytes of @p fd; region.address stays null on failure.
  MovableRegion(int fd, std::size_t length) noexcept;
  /// Takes @p other's mapping and leaves it empty.
  MovableRegion(MovableRegion&& other) noexcept;
  MovableRegion& operator=(MovableRegion&&) = delete;
  /// Unmaps region if it is set.
  ~MovableRegion();
};

/// The mistakes, one function each.
namespace buggy {
/// Bug 1: maps st_size bytes even when it is 0. @return 0 or errno.
int load(const char* path, std::string& out) noexcept;
/// Bug 2: compares mmap's result with NULL. @return 0 or errno.
int map_region(int fd, std::size_t length, RawRegion& out) noexcept;
/// Bug 3: opens, fstats, and cleans up with `if (fd > 0)`. @return 0 or errno.
int file_size(const char* path, std::int64_t& size) noexcept;
/// Bug 4: retries close while it fails with EINTR. @return 0 or errno.
int close_fd(int fd) noexcept;
/// Bug 6: unmaps one page, whatever was mapped. @return 0 or errno.
int unmap(RawRegion region) noexcept;
/// Bug 7: opens without O_CLOEXEC. @return the descriptor or -1.
int open_read_only(const char* path) noexcept;
/// Bug 8: passes the path's c_str() to open. @return the descriptor or -1.
int open_path(std::string_view path) noexcept;
/// Bug 9: a 32-bit length from an off_t by a plain cast.
std::optional<std::uint32_t> length32(std::int64_t size) noexcept;
}  // namespace buggy

/// The same functions, fixed.
namespace fixed {
/// Bug 1 fixed: an empty file is loaded without mmap.
int load(const char* path, std::string& out) noexcept;
/// Bug 2 fixed: compares with MAP_FAILED.
int map_region(int fd, std::size_t length, RawRegion& out) noexcept;
/// Bug 3 fixed: 0 is a valid descriptor; the test is `fd >= 0`.
int file_size(const char* path, std::int64_t& size) noexcept;
/// Bug 4 fixed: one close; EINTR means it is closed anyway.
int close_fd(int fd) noexcept;
/// Bug 6 fixed: unmaps exactly the mapped length.
int unmap(RawRegion region) noexcept;
/// Bug 7 fixed: O_CLOEXEC.
int open_read_only(const char* path) noexcept;
/// Bug 8 fixed: a path with a NUL byte is refused with EINVAL.
int open_path(std::string_view path) noexcept;
/// Bug 9 fixed: std::nullopt when the size does not fit.
std::optional<std::uint32_t> length32(std::int64_t size) noexcept;
}  // namespace fixed

}  // namespace ffikit::bug_zoo
