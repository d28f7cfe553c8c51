/// @file
/// Bug zoo 12: a string_view's data() handed to open (see README.md).
#pragma once

#include <string_view>

/// Bug zoo 12: a string_view's data() handed to open.
namespace ffikit::bug_zoo::view_path {

/// Opens the file that @p path names, exactly its size() bytes of it.
/// @return the descriptor, or -1 with errno set.
int open_view(std::string_view path) noexcept;

}  // namespace ffikit::bug_zoo::view_path
