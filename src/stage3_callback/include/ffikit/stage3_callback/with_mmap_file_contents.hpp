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

/// Calls @p f with the contents of the file at @p path, releases them, and
/// returns what @p f returned. @p options say when to read instead of map
/// and whether FIFOs and devices may be read; see FileMapping::open().
///
/// The promise is "the file's bytes, valid during the call": a mapping for
/// a large regular file, bytes read into memory the kit owns for a small
/// one, a /proc file, or a file the kernel will not map. The view handed
/// to @p f is valid only during the call. Returning anything that borrows
/// from it (a span, a pointer, a reference, a string_view, any borrowed
/// range or view, or a container, optional, variant, pair, tuple or
/// expected holding one) is a compile error; copy out what you need.
///
/// Errors throw std::system_error whose code() is the errno and whose what()
/// is "OPERATION(PATH): REASON", e.g. "open(/etc/mot): No such file or
/// directory" or "check(/tmp): Is a directory"; see FileMapping::open() for
/// the full list. Nothing is opened for a file the kit refuses. After @p f
/// returned, a failed munmap, or a close that failed with EBADF, is
/// reported the same way and @p f's result is discarded; any other close
/// error on the read-only descriptor is no failure
/// (close_error_loses_nothing()). If @p f throws, the mapping and the
/// descriptor are released in nested order and the exception propagates
/// unchanged.
///
/// @warning If another process truncates a mapped file while @p f runs,
/// touching the lost pages raises SIGBUS; see stage2::MappedRegion. Read
/// bytes cannot change.
///
/// @code
/// ffikit::stage3::Options options;
/// options.advice = ffikit::stage2::Advice::sequential;
/// std::size_t lines = ffikit::stage3::with_mmap_file_contents(
///     "/var/log/syslog", options, [](std::span<const std::byte> bytes) {
///       return std::count(bytes.begin(), bytes.end(), std::byte{'\n'});
///     });
/// @endcode
template <class F>
  requires std::invocable<F&, std::span<const std::byte>>
auto with_mmap_file_contents(std::string_view path, const Options& options,
                             F&& f)
    -> std::invoke_result_t<F&, std::span<const std::byte>> {
  using Result = std::invoke_result_t<F&, std::span<const std::byte>>;
  require_owning_result<Result>();

  FileMapping contents;
  if (const Failure failure = FileMapping::open(path, options, contents)) {
    throw_failure(failure, path);
  }
  if constexpr (std::is_void_v<Result>) {
    std::invoke(f, contents.bytes());
    if (const Failure failure = contents.close()) {
      throw_failure(failure, path);
    }
  } else {
    Result result = std::invoke(f, contents.bytes());
    if (const Failure failure = contents.close()) {
      throw_failure(failure, path);
    }
    return result;
  }
}

/// with_mmap_file_contents() with the default Options: files under
/// small_file_threshold are read, FIFOs and devices are refused.
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
  return with_mmap_file_contents(path, Options{}, std::forward<F>(f));
}

}  // namespace ffikit::stage3
