/// @file
/// Bug zoo 09: a path with a NUL byte, truncated (see README.md).
#pragma once

#include <string_view>

/// Bug zoo 09: a path with a NUL byte, truncated.
namespace ffikit::bug_zoo::interior_nul {

/// Opens @p path read-only. A path that contains a NUL byte cannot be
/// passed to open(2) whole, so it is refused with EINVAL.
/// @return the descriptor, or -1 with errno set.
int open_path(std::string_view path) noexcept;

}  // namespace ffikit::bug_zoo::interior_nul
