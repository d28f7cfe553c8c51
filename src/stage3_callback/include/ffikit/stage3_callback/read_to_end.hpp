/// @file
/// The read path of stages 3 and 4: a file's bytes copied into memory the
/// kit owns, for the files that are not worth mapping or cannot be mapped.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <cstddef>
#include <system_error>
#include <vector>

namespace ffikit::stage3 {

/// Signature of read(2), so that a test can substitute short reads, EINTR,
/// a file that grows or shrinks, or any errno.
using ReadFunction = ssize_t (*)(int fd, void* buffer, std::size_t count);

/// Reads @p fd from its current offset until read(2) returns 0, into @p out.
///
/// - A short read is followed by another read: only 0 means end of file.
/// - EINTR repeats the read; any other errno ends it.
/// - @p expected_size sizes the first buffer (one byte more, so that the
///   read that returns 0 needs no second buffer); 0 means unknown (/proc,
///   FIFOs). The file decides the real size: one that grew while it was
///   read is read to its new end, one that shrank ends early, exactly as
///   GNU cat's reads would see them.
/// - @p limit is the hard upper bound: reading a byte past it is EFBIG
///   (an endless device, a FIFO whose writer never stops), and so is an
///   @p expected_size past it, without a read.
///
/// @param fd the descriptor to read; not closed.
/// @param expected_size the size fstat reported, or 0 when unknown.
/// @param limit the most bytes @p out may receive.
/// @param[out] out the bytes on success; empty on error.
/// @param read the read(2) to use.
/// @return empty on success; ENOMEM when the buffer cannot grow, EFBIG past
/// @p limit, or read(2)'s errno (EIO, EISDIR, EAGAIN on a non-blocking
/// descriptor with nothing to read yet, ...).
std::error_code read_to_end(int fd, std::size_t expected_size,
                            std::size_t limit, std::vector<std::byte>& out,
                            ReadFunction read = &::read) noexcept;

}  // namespace ffikit::stage3
