/// @file
/// Bug zoo 01: an empty file handed to mmap (see README.md).
#pragma once

#include <string>

/// Bug zoo 01: an empty file handed to mmap.
namespace ffikit::bug_zoo::empty_file {

/// Copies the file at @p path into @p out through a read-only mapping.
/// @return 0, or the errno of the call that failed.
int load(const char* path, std::string& out) noexcept;

}  // namespace ffikit::bug_zoo::empty_file
