/// @file
/// Lesson 6's reference: stage 3's owning_result concept and its
/// require_owning_result() check.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <type_traits>

#include "ffikit/stage3_callback/owning_result.hpp"

/// Lesson 6's exercise namespace.
namespace lesson06 {

/// See the starter: true when R may outlive the bytes.
template <class R>
concept owning_result = ffikit::stage3::owning_result<R>;

/// See the starter: calls @p f with @p bytes, rejecting borrowing results.
template <class F>
  requires std::invocable<F&, std::span<const std::byte>>
auto with_bytes(std::span<const std::byte> bytes, F&& f)
    -> std::invoke_result_t<F&, std::span<const std::byte>> {
  using Result = std::invoke_result_t<F&, std::span<const std::byte>>;
  ffikit::stage3::require_owning_result<Result>();
  return std::invoke(f, bytes);
}

}  // namespace lesson06
