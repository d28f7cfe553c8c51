/// @file
/// Stage 4: errors as values, `try_with_mmap_file_contents`.
#pragma once

#include <tl/expected.hpp>

#include <cstddef>
#include <functional>
#include <span>
#include <string_view>
#include <type_traits>

#include "ffikit/stage3_callback/file_mapping.hpp"
#include "ffikit/stage3_callback/owning_result.hpp"
#include "ffikit/stage4_result/error.hpp"

/// Stage 4 of the kit: the callback API with errors as values.
namespace ffikit::stage4 {

/// Turns a stage 3 Failure into an Error without throwing. If the path
/// cannot be copied (out of memory), the result is ("OPERATION", ENOMEM, "")
/// rather than an exception.
/// @pre @p failure is not empty.
Error to_error(const stage3::Failure& failure, std::string_view path) noexcept;

/// Like stage3::with_mmap_file_contents, but every failure of the kit is
/// returned as an ffikit::Error instead of thrown.
///
/// @return @p f's result, or the Error of the first step that failed:
/// ("open", ENOENT), ("mmap", EISDIR), ("munmap", EINVAL), ... as listed at
/// stage3::FileMapping::open(). A failed munmap or close after @p f returned
/// is an error too, and @p f's result is dropped.
/// Exceptions thrown by @p f itself propagate after both releases; the kit
/// throws none of its own. Borrowing result types are rejected at compile
/// time, as in stage 3.
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
  using Result = std::invoke_result_t<F&, std::span<const std::byte>>;
  stage3::require_owning_result<Result>();

  stage3::FileMapping mapping;
  if (const stage3::Failure failure =
          stage3::FileMapping::open(path, mapping)) {
    return tl::unexpected(to_error(failure, path));
  }
  if constexpr (std::is_void_v<Result>) {
    std::invoke(f, mapping.bytes());
    if (const stage3::Failure failure = mapping.close()) {
      return tl::unexpected(to_error(failure, path));
    }
    return {};
  } else {
    Result result = std::invoke(f, mapping.bytes());
    if (const stage3::Failure failure = mapping.close()) {
      return tl::unexpected(to_error(failure, path));
    }
    return result;
  }
}

}  // namespace ffikit::stage4
