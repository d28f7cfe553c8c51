/// @file
/// Bug zoo 17: a /proc file taken for empty because st_size is 0 (see
/// README.md).
#pragma once

#include <string>

/// Bug zoo 17: a /proc file taken for empty because st_size is 0.
namespace ffikit::bug_zoo::proc_size {

/// The contents of the file at @p path: mapped when fstat gives a size,
/// read to the end when it says 0, as /proc and /sys files do although
/// they have content.
/// @return 0, or the errno of the call that failed.
int read_contents(const char* path, std::string& out) noexcept;

}  // namespace ffikit::bug_zoo::proc_size
