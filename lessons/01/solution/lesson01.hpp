/// @file
/// Lesson 1's reference: the starter's declarations, completed. The kit's
/// own copy, proved against glibc at compile time, is src/stage1_raw.
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

/// The x86_64 Linux `struct stat`, field by field.
struct stat_buffer {
  std::uint64_t st_dev;    ///< Device holding the file.
  std::uint64_t st_ino;    ///< Inode number.
  std::uint64_t st_nlink;  ///< Hard link count.
  std::uint32_t st_mode;   ///< File type and permissions.
  std::uint32_t st_uid;    ///< Owner.
  std::uint32_t st_gid;    ///< Group.
  std::int32_t pad0;       ///< Padding the kernel leaves before st_rdev.
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
  std::int64_t reserved[3];    ///< Reserved by the kernel.
};

/// fstat(2) taking your structure, bound to the C symbol by an asm label
/// (a C-linkage `fstat` with another parameter type would clash with libc).
int fstat(int fd, stat_buffer* buffer) noexcept __asm__("fstat");

/// @name Constants copied by hand from the kernel headers
/// @{
inline constexpr int o_rdonly = 0x0;         ///< O_RDONLY
inline constexpr int o_cloexec = 02000000;   ///< O_CLOEXEC (octal, as in the headers)
inline constexpr int prot_read = 0x1;        ///< PROT_READ
inline constexpr int map_shared = 0x01;      ///< MAP_SHARED
/// @}

/// The value mmap returns on failure: all bits set, never NULL.
inline void* map_failed() noexcept {
  return reinterpret_cast<void*>(static_cast<std::uintptr_t>(-1));  // NOLINT
}

/// Opens @p path read-only and close-on-exec with your open(), asks your
/// fstat() for its size, closes it, and returns the size; returns -1 (with
/// errno left by the failing call) if open or fstat fails.
std::int64_t raw_file_size(const char* path) noexcept;

}  // namespace lesson01
