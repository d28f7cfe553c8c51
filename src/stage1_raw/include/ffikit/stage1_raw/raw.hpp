/// @file
/// Stage 1: the C functions and constants the kit needs, declared by hand.
///
/// This mirrors the `raw` module of "mmap and the Rust Foreign Function
/// Interface" (Tommy McGuire, 12 June 2013): the post wrote its own
/// declarations of mmap and munmap, its own PROT_ and MAP_ values and its own
/// x86_64 `struct stat`, because nothing generated them. This header does the
/// same in C++ and deliberately includes no system header. layout_check.cpp
/// proves at compile time that every declaration here agrees with glibc's, so
/// the hand-written copy cannot silently drift from the real ABI.
#pragma once

#include <cstddef>
#include <cstdint>

/// Stage 1 of the kit: raw declarations and C-style helpers that die on error.
namespace ffikit::stage1 {

/// The kernel's file offset type on x86_64 Linux (64 bits, signed).
using off_t = std::int64_t;

/// @name Hand-declared C functions
/// Declared with C linkage inside a namespace: they name the very same
/// functions as glibc's, so a declaration that disagreed with the system
/// header would be a compile error wherever both are visible
/// (layout_check.cpp makes them visible together). The `noexcept` matches
/// glibc's `__THROW`: open and close are cancellation points, so they may
/// unwind; mmap and munmap may not.
/// @{
extern "C" {
/// open(2): returns a new descriptor, or -1 with errno set.
int open(const char* path, int flags, ...);
/// close(2): releases @p fd even when it returns -1 (EINTR, EIO) on Linux.
int close(int fd);
/// mmap(2): returns the mapping, or `map_failed` (never NULL) with errno set.
void* mmap(void* address, std::size_t length, int prot, int flags, int fd,
           off_t offset) noexcept;
/// munmap(2): 0 on success, -1 with errno set.
int munmap(void* address, std::size_t length) noexcept;
}
/// @}

/// The x86_64 Linux `struct stat`, written out by hand as the post had to.
///
/// The padding after `st_gid` and the three reserved words at the end are
/// the "pain point" the post describes: miss one and every later field is
/// read from the wrong offset. layout_check.cpp compares the size and every
/// field offset with `<sys/stat.h>`.
struct stat_buffer {
  std::uint64_t st_dev;        ///< Device holding the file.
  std::uint64_t st_ino;        ///< Inode number.
  std::uint64_t st_nlink;      ///< Hard link count (64 bits on x86_64).
  std::uint32_t st_mode;       ///< File type and permission bits.
  std::uint32_t st_uid;        ///< Owner.
  std::uint32_t st_gid;        ///< Group.
  std::int32_t pad0;           ///< Padding the kernel leaves before st_rdev.
  std::uint64_t st_rdev;       ///< Device number, for device files.
  std::int64_t st_size;        ///< Size in bytes (0 for most /proc files).
  std::int64_t st_blksize;     ///< Preferred I/O block size.
  std::int64_t st_blocks;      ///< 512-byte blocks allocated.
  std::int64_t st_atime_sec;   ///< Last access, seconds.
  std::int64_t st_atime_nsec;  ///< Last access, nanoseconds.
  std::int64_t st_mtime_sec;   ///< Last modification, seconds.
  std::int64_t st_mtime_nsec;  ///< Last modification, nanoseconds.
  std::int64_t st_ctime_sec;   ///< Last status change, seconds.
  std::int64_t st_ctime_nsec;  ///< Last status change, nanoseconds.
  // A C array on purpose: this struct must have the kernel's exact layout.
  // NOLINTNEXTLINE(cppcoreguidelines-avoid-c-arrays)
  std::int64_t reserved[3];  ///< Reserved by the kernel for future use.
};

/// fstat(2) taking the hand-written structure.
///
/// A C-linkage declaration named `fstat` taking `stat_buffer*` would clash
/// with glibc's `fstat(int, struct stat*)`, so this one has a C++ name and is
/// bound to the C symbol `fstat` with an assembler label. The layout check is
/// what makes that binding sound.
/// @return 0, or -1 with errno set.
int fstat(int fd, stat_buffer* buffer) noexcept __asm__("fstat");

/// @name Hand-copied constants (from the kernel's asm-generic headers)
/// Lower-case so that the system's macros of the same upper-case names
/// cannot rewrite them where both headers are included.
/// @{
inline constexpr int prot_none = 0x0;            ///< PROT_NONE
inline constexpr int prot_read = 0x1;            ///< PROT_READ
inline constexpr int prot_write = 0x2;           ///< PROT_WRITE
inline constexpr int prot_exec = 0x4;            ///< PROT_EXEC
inline constexpr int map_shared = 0x01;          ///< MAP_SHARED
inline constexpr int map_private = 0x02;         ///< MAP_PRIVATE
inline constexpr int o_rdonly = 0x0;             ///< O_RDONLY
inline constexpr int o_nonblock = 0x800;         ///< O_NONBLOCK (octal 04000)
inline constexpr int o_cloexec = 0x80000;        ///< O_CLOEXEC (octal 02000000)
inline constexpr std::uint32_t s_ifmt = 0xF000;  ///< S_IFMT, the file type mask
inline constexpr std::uint32_t s_ifreg = 0x8000;  ///< S_IFREG, a regular file
/// @}

/// mmap's failure value, `(void*)-1`. Comparing with NULL instead is a
/// classic bug: a failed mmap never returns NULL.
inline void* map_failed() noexcept {
  // The C value is an integer cast to a pointer; there is no other way to
  // spell it without the system header.
  // NOLINTNEXTLINE(performance-no-int-to-ptr)
  return reinterpret_cast<void*>(static_cast<std::uintptr_t>(-1));
}

}  // namespace ffikit::stage1
