/// @file
/// Stage 4: errors as values, `try_with_mmap_file_contents`, and the
/// file's contents as a value (open_file_mapping()).
#pragma once

#include <tl/expected.hpp>

#include <cstddef>
#include <functional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "ffikit/stage3_callback/file_mapping.hpp"
#include "ffikit/stage3_callback/owning_result.hpp"
#include "ffikit/stage3_callback/policy.hpp"
#include "ffikit/stage4_result/error.hpp"

/// Stage 4 of the kit: the callback API with errors as values.
namespace ffikit::stage4 {

/// Turns a stage 3 Failure into an Error without throwing. If the path
/// cannot be copied (out of memory), the result is ("OPERATION", ENOMEM, "")
/// rather than an exception.
/// @pre @p failure is not empty.
Error to_error(const stage3::Failure& failure, std::string_view path) noexcept;

/// The contents of the file at @p path as a value (folly's
/// `MemoryMapping(path)`, memmap2's `Mmap::map` after `File::open`), with
/// the errors of stage3::FileMapping::open() as an Error instead of an
/// out-parameter.
///
/// The FileMapping holds a mapping or bytes read into memory, as @p options
/// and the file decide; its bytes() and text() live as long as it does.
/// Release it with close() to see release errors; its destructor releases
/// silently.
///
/// @code
/// auto contents = ffikit::stage4::open_file_mapping("/proc/version");
/// if (!contents) return contents.error().message();
/// std::string first_word(contents->text().substr(0, 5));  // "Linux"
/// @endcode
tl::expected<stage3::FileMapping, Error> open_file_mapping(
    std::string_view path, const stage3::Options& options = {}) noexcept;

/// Like stage3::with_mmap_file_contents, but every failure of the kit is
/// returned as an ffikit::Error instead of thrown.
///
/// @return @p f's result, or the Error of the first step that failed:
/// ("open", ENOENT), ("check", EISDIR), ("read", EFBIG), ("munmap",
/// EINVAL), ... as listed at stage3::FileMapping::open(). After @p f
/// returned, a failed munmap or a close that failed with EBADF is an error
/// too, and @p f's result is dropped; other close errors on the read-only
/// descriptor lose nothing and are no error
/// (stage3::close_error_loses_nothing()).
/// Exceptions thrown by @p f itself propagate after both releases; the kit
/// throws none of its own. Borrowing result types are rejected at compile
/// time, as in stage 3.
///
/// @code
/// ffikit::stage3::Options options;
/// options.read_special_files = true;  // a FIFO or /dev/stdin too
/// auto size = ffikit::stage4::try_with_mmap_file_contents(
///     "/dev/stdin", options,
///     [](std::span<const std::byte> b) { return b.size(); });
/// if (!size) std::cerr << size.error() << '\n';
/// @endcode
template <class F>
  requires std::invocable<F&, std::span<const std::byte>>
auto try_with_mmap_file_contents(std::string_view path,
                                 const stage3::Options& options, F&& f)
    -> tl::expected<std::invoke_result_t<F&, std::span<const std::byte>>,
                    Error> {
  using Result = std::invoke_result_t<F&, std::span<const std::byte>>;
  stage3::require_owning_result<Result>();

  stage3::FileMapping contents;
  if (const stage3::Failure failure =
          stage3::FileMapping::open(path, options, contents)) {
    return tl::unexpected(to_error(failure, path));
  }
  if constexpr (std::is_void_v<Result>) {
    std::invoke(f, contents.bytes());
    if (const stage3::Failure failure = contents.close()) {
      return tl::unexpected(to_error(failure, path));
    }
    return {};
  } else {
    Result result = std::invoke(f, contents.bytes());
    if (const stage3::Failure failure = contents.close()) {
      return tl::unexpected(to_error(failure, path));
    }
    return result;
  }
}

/// try_with_mmap_file_contents() with the default Options: files under
/// stage3::small_file_threshold are read, FIFOs and devices are refused.
///
/// @code
/// auto size = ffikit::stage4::try_with_mmap_file_contents(
///     "/etc/hostname", [](std::span<const std::byte> b) { return b.size(); });
/// if (!size) std::cerr << size.error() << '\n';
/// @endcode
template <class F>
  requires std::invocable<F&, std::span<const std::byte>>
auto try_with_mmap_file_contents(std::string_view path, F&& f)
    -> tl::expected<std::invoke_result_t<F&, std::span<const std::byte>>,
                    Error> {
  return try_with_mmap_file_contents(path, stage3::Options{},
                                     std::forward<F>(f));
}

}  // namespace ffikit::stage4
