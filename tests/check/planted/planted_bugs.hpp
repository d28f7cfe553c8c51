/// @file
/// Small functions with one lifetime bug each, planted for the checker to
/// find, and one clean function to show it reports nothing on correct code.
/// Each returns 0 on success or the errno of the call that failed.
#pragma once

#include <cstddef>

/// Planted bugs for the checker's own tests.
namespace ffikit::planted {

/// Opens, fstats and maps @p path, reads it, unmaps, closes: correct.
int clean(const char* path);
/// Opens @p path and returns without closing it.
int leak_descriptor(const char* path);
/// Maps @p path and closes the descriptor, but never unmaps.
int leak_mapping(const char* path);
/// Closes the same descriptor twice.
int double_close(const char* path);
/// Closes the descriptor while its mapping is still mapped, then unmaps.
int close_before_munmap(const char* path);
/// Unmaps only the first page of a longer mapping.
int munmap_wrong_length(const char* path);
/// Unmaps, closes, then reads the first mapped byte through a stale
/// pointer. Harmless-looking without quarantine, a fault with it.
int use_after_munmap(const char* path);
/// Correct on success, but returns from a failed fstat or mmap without
/// closing the descriptor.
int error_path_forgets_close(const char* path);

/// Retries close on EINTR. Linux has already released the descriptor, so
/// the retry closes it twice (or someone else's, in a threaded program).
int retry_close_on_eintr(const char* path);
/// Retries open for as long as it fails with EINTR: hangs if it always does.
int retry_open_forever(const char* path);
/// Compares mmap's result with NULL instead of MAP_FAILED and reads the
/// "mapping" when mmap fails.
int mmap_checked_against_null(const char* path);

/// Not a bug: opens @p path through open, open64, openat and openat64 (each
/// with and without a mode), __open_2 and __open64_2, then fstat, fstat64,
/// mmap and mmap64, and releases everything in nested order: every entry
/// point the checker interposes, called by its own name.
/// @return 0, or EBADF if an open failed, or the errno of a failed mapping.
int every_entry_point(const char* path);

/// Looks a function above up by its name with dashes ("double-close").
/// @return nullptr for an unknown name.
int (*find(const char* name))(const char*);

}  // namespace ffikit::planted
