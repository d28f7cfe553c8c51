/// @file
/// Lesson 1: your own declarations of the C interface, written by hand the
/// way a binding generator would, and checked against the system headers by
/// the grader. Edit the places marked TODO.
#pragma once

#include <cstddef>
#include <cstdint>

/// Lesson 1's exercise namespace.
namespace lesson01 {

/// The kernel's file offset type on x86_64 Linux.
using off_t = std::int64_t;

/// Hand-declared C functions: C linkage, same names as libc's.
extern "C" {
/// open(2).
int open(const char* path, int flags, ...);
/// close(2).
int close(int fd);
}

/// Your copy of the x86_64 Linux `struct stat`.
///
/// The fields below are in the right order, but the structure is shorter
/// than the kernel's: fstat would write past its end.
struct stat_buffer {
  std::uint64_t st_dev;    ///< Device holding the file.
  std::uint64_t st_ino;    ///< Inode number.
  std::uint64_t st_nlink;  ///< Hard link count.
  std::uint32_t st_mode;   ///< File type and permissions.
  std::uint32_t st_uid;    ///< Owner.
  std::uint32_t st_gid;    ///< Group.
  // TODO: 4 bytes of padding sit here, before st_rdev. The compiler adds
  // them silently; name them (pad0) so the layout is written down.
  std::uint64_t st_rdev;       ///< Device number of a device file.
  std::int64_t st_size;        ///< Size in bytes.
  std::int64_t st_blksize;     ///< Preferred I/O block size.
  std::int64_t st_blocks;      ///< 512-byte blocks allocated.
  std::int64_t st_atime_sec;   ///< Last access, seconds.
  std::int64_t st_atime_nsec;  ///< Last access, nanoseconds.
  std::int64_t st_mtime_sec;   ///< Last modification, seconds.
  std::int64_t st_mtime_nsec;  ///< Last modification, nanoseconds.
  std::int64_t st_ctime_sec;   ///< Last status change, seconds.
  std::int64_t st_ctime_nsec;  ///< Last status change, nanoseconds.
  // TODO: the structure ends with three reserved 64-bit words.
};

/// fstat(2) taking your structure, bound to the C symbol by an asm label
/// (a C-linkage `fstat` with another parameter type would clash with libc).
int fstat(int fd, stat_buffer* buffer) noexcept __asm__("fstat");

/// @name Constants copied by hand from the kernel headers
/// @{
inline constexpr int o_rdonly = 0x0;  ///< O_RDONLY
inline constexpr int o_cloexec = 0;   ///< O_CLOEXEC  TODO: the real value
inline constexpr int prot_read = 0;   ///< PROT_READ  TODO: the real value
inline constexpr int map_shared = 0;  ///< MAP_SHARED TODO: the real value
/// @}

/// The value mmap returns on failure.
inline void* map_failed() noexcept {
  // TODO: mmap never returns NULL on failure; return what it does return.
  return nullptr;
}

/// Opens @p path read-only and close-on-exec with your open(), asks your
/// fstat() for its size, closes it, and returns the size; returns -1 (with
/// errno left by the failing call) if open or fstat fails.
std::int64_t raw_file_size(const char* path) noexcept;

}  // namespace lesson01
