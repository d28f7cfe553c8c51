/// @file
/// Lesson 6: make it a compile error for a callback to return anything
/// that still points into the bytes it was given.
#pragma once

#include <concepts>
#include <cstddef>
#include <functional>
#include <ranges>
#include <span>
#include <type_traits>

/// Lesson 6's exercise namespace.
namespace lesson06 {

/// True when a value of type R owns everything it refers to, so it may
/// outlive the bytes a callback was given.
template <class R>
concept owning_result =
    // TODO: reject references, pointers (also pointers to members),
    // std::reference_wrapper, and borrowed ranges or views such as
    // std::span and std::string_view.
    true;

/// Calls @p f with @p bytes and returns its result. Must not compile when
/// the result type is not an owning_result.
template <class F>
  requires std::invocable<F&, std::span<const std::byte>>
auto with_bytes(std::span<const std::byte> bytes, F&& f)
    -> std::invoke_result_t<F&, std::span<const std::byte>> {
  using Result = std::invoke_result_t<F&, std::span<const std::byte>>;
  // TODO: refuse a borrowing Result here, with a message that says what to
  // return instead.
  static_cast<void>(sizeof(Result*));
  return std::invoke(f, bytes);
}

}  // namespace lesson06
