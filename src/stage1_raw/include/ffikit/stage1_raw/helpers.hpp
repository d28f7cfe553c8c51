/// @file
/// Stage 1 helpers: one C call each, and on failure they print which call
/// failed, on which path, and why, then end the process. This is the post's
/// `fail!` in C-style C++: simple, honest about errors, and impossible to
/// recover from, which is exactly what the later stages fix.
#pragma once

#include <cstddef>

#include "ffikit/stage1_raw/raw.hpp"

namespace ffikit::stage1 {

/// Exit status of every helper that dies.
inline constexpr int exit_status_on_failure = 70;

/// Prints "ffikit: OPERATION(PATH): REASON" to stderr, REASON being
/// strerror(@p error_number), then ends the process with
/// exit_status_on_failure. Never returns.
/// @param operation the C call that failed, e.g. "open".
/// @param path the file involved; NULL prints an empty pair of parentheses.
/// @param error_number the errno the call left.
[[noreturn]] void die(const char* operation, const char* path,
                      int error_number) noexcept;

/// Opens @p path read-only, or dies naming open, the path and errno.
/// @pre @p path is a NUL-terminated string.
/// @return a descriptor the caller must close with close_or_die().
int open_or_die(const char* path) noexcept;

/// Fills a hand-written stat_buffer for @p fd, or dies naming fstat.
/// @param path used only for the message.
stat_buffer fstat_or_die(int fd, const char* path) noexcept;

/// Maps @p length bytes of @p fd read-only and shared, or dies naming mmap.
/// A length of 0 dies with EINVAL, as the post's code did on an empty file.
/// @param path used only for the message.
/// @return the start of the mapping; release it with munmap_or_die().
const std::byte* mmap_or_die(int fd, std::size_t length,
                             const char* path) noexcept;

/// Unmaps exactly what mmap_or_die() returned, or dies naming munmap.
void munmap_or_die(const std::byte* address, std::size_t length,
                   const char* path) noexcept;

/// Closes @p fd once (never retried: Linux has released it even on EINTR),
/// or dies naming close.
void close_or_die(int fd, const char* path) noexcept;

/// A callback that receives the mapped bytes and a caller-supplied context.
using contents_callback = void (*)(const std::byte* bytes, std::size_t size,
                                   void* context);

/// The whole post in C style: open, fstat, mmap, call @p callback, munmap,
/// close. Any failure ends the process through die(), including an empty
/// file (mmap of length 0 fails with EINVAL).
///
/// @code
/// void count(const std::byte*, std::size_t size, void* total) {
///   *static_cast<std::size_t*>(total) += size;
/// }
/// std::size_t total = 0;
/// ffikit::stage1::with_mmap_file_contents("/etc/hostname", count, &total);
/// @endcode
void with_mmap_file_contents(const char* path, contents_callback callback,
                             void* context) noexcept;

}  // namespace ffikit::stage1
