/// @file
/// Stage 3: the post's public interface, `with_mmap_file_contents`, in C++.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "ffikit/stage3_callback/file_mapping.hpp"
#include "ffikit/stage3_callback/owning_result.hpp"

namespace ffikit::stage3 {

/// Maps the file at @p path, calls @p f with its bytes, releases the mapping
/// and then the descriptor, and returns what @p f returned.
///
/// The view handed to @p f is valid only during the call. Returning anything
/// that borrows from it (a span, a pointer, a reference, a string_view, any
/// borrowed range or view) is a compile error; copy out what you need.
///
/// Errors throw std::system_error whose code() is the errno and whose what()
/// is "OPERATION(PATH): REASON", e.g. "open(/etc/mot): No such file or
/// directory"; see FileMapping::open() for the full list. An empty file
/// calls @p f with an empty view and never calls mmap. A failed munmap or
/// close after @p f returned is reported the same way ("munmap(...)",
/// "close(...)") and @p f's result is discarded. If @p f throws, the mapping
/// and the descriptor are released in nested order and the exception
/// propagates unchanged.
///
/// @warning If another process truncates the file while @p f runs, touching
/// the lost pages raises SIGBUS; see MappedRegion.
///
/// @code
/// std::size_t lines = ffikit::stage3::with_mmap_file_contents(
///     "/etc/passwd", [](std::span<const std::byte> bytes) {
///       return std::count(bytes.begin(), bytes.end(), std::byte{'\n'});
///     });
/// @endcode
template <class F>
  requires std::invocable<F&, std::span<const std::byte>>
auto with_mmap_file_contents(std::string_view path, F&& f)
    -> std::invoke_result_t<F&, std::span<const std::byte>> {
  using Result = std::invoke_result_t<F&, std::span<const std::byte>>;
  require_owning_result<Result>();

  FileMapping mapping;
  if (const Failure failure = FileMapping::open(path, mapping)) {
    throw_failure(failure, path);
  }
  if constexpr (std::is_void_v<Result>) {
    std::invoke(f, mapping.bytes());
    if (const Failure failure = mapping.close()) {
      throw_failure(failure, path);
    }
  } else {
    Result result = std::invoke(f, mapping.bytes());
    if (const Failure failure = mapping.close()) {
      throw_failure(failure, path);
    }
    return result;
  }
}

}  // namespace ffikit::stage3
