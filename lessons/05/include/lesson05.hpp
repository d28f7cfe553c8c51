/// @file
/// Lesson 5: the callback interface. The caller never holds the descriptor
/// or the mapping; it gets the bytes for the duration of one call.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string_view>

/// Lesson 5's exercise namespace.
namespace lesson05 {

/// What the caller runs on the file's bytes.
using ByteVisitor = std::function<void(std::span<const std::byte>)>;

/// Opens @p path, maps it, calls @p visit once with its bytes, then unmaps
/// and closes, in that order, on every path.
///
/// An empty regular file calls @p visit with an empty view and no mmap.
/// Errors throw std::system_error whose code() is the errno and whose
/// what() is "OPERATION(PATH): REASON", e.g. "open(/x): No such file or
/// directory"; a directory is ("mmap", EISDIR), a FIFO or device ("mmap",
/// ENODEV). If @p visit throws, both resources are released and the
/// exception propagates unchanged.
void with_file_bytes(std::string_view path, const ByteVisitor& visit);

}  // namespace lesson05
