/// @file
/// Bug zoo 18: a view returned from the function that unmaps it (see
/// README.md).
#pragma once

#include <string>

/// Bug zoo 18: a view returned from the function that unmaps it.
namespace ffikit::bug_zoo::escape {

/// The first line of the text file at @p path, without its newline, copied
/// out of the file's mapping.
/// @throws std::system_error naming the call that failed.
std::string first_line(const char* path);

}  // namespace ffikit::bug_zoo::escape
