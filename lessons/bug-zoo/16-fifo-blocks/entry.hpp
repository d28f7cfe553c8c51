/// @file
/// Bug zoo 16: a FIFO opened without O_NONBLOCK (see README.md).
#pragma once

#include <cstdint>

/// Bug zoo 16: a FIFO opened without O_NONBLOCK.
namespace ffikit::bug_zoo::fifo {

/// Opens @p path without waiting on a FIFO, asks fstat for its type and
/// size, and closes it.
/// @return 0 with @p mode and @p size set, or the errno of the call that
///         failed.
int probe(const char* path, std::uint32_t& mode, std::int64_t& size) noexcept;

}  // namespace ffikit::bug_zoo::fifo
