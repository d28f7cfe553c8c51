/// @file
/// Bug zoo 03: cleanup that skips descriptor 0 (see README.md).
#pragma once

#include <cstdint>

/// Bug zoo 03: cleanup that skips descriptor 0.
namespace ffikit::bug_zoo::descriptor_zero {

/// Opens @p path, asks fstat for its size, closes it.
/// @return 0 with @p size set, or the errno of the call that failed.
int file_size(const char* path, std::int64_t& size) noexcept;

}  // namespace ffikit::bug_zoo::descriptor_zero
