/// @file
/// Lesson 7: errors as values. Nothing here throws for a failed C call;
/// the caller gets either the answer or an ffikit::Error naming the call,
/// its errno and the path.
#pragma once

#include <tl/expected.hpp>

#include <cstddef>
#include <string_view>

#include "ffikit/stage4_result/error.hpp"

/// Lesson 7's exercise namespace.
namespace lesson07 {

/// The number of '\n' bytes in the file at @p path, or the Error of the
/// first step that failed: ("open", ENOENT, path), ("open", EINVAL, path)
/// for a path containing a NUL byte (kept in Error::path()), ("mmap",
/// EISDIR) for a directory, ("mmap", ENODEV) for a FIFO or device, or the
/// errno of a failed fstat, mmap, munmap or close. An empty file has 0
/// lines and is never mapped.
tl::expected<std::size_t, ffikit::Error> try_count_lines(std::string_view path);

}  // namespace lesson07
