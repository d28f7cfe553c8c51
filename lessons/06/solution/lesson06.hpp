/// @file
/// Lesson 6's reference: the starter, completed. The kit's own version is
/// stage 3's owning_result.hpp.
#pragma once

#include <concepts>
#include <cstddef>
#include <functional>
#include <ranges>
#include <span>
#include <type_traits>

/// Lesson 6's exercise namespace.
namespace lesson06 {

namespace detail {
/// True for std::reference_wrapper<T>.
template <class T>
struct is_reference_wrapper : std::false_type {};
/// True for std::reference_wrapper<T>.
template <class T>
struct is_reference_wrapper<std::reference_wrapper<T>> : std::true_type {};
}  // namespace detail

/// True when a value of type R owns everything it refers to, so it may
/// outlive the bytes a callback was given.
template <class R>
concept owning_result =
    !std::is_reference_v<R> && !std::is_pointer_v<R> &&
    !std::is_member_pointer_v<R> &&
    !detail::is_reference_wrapper<std::remove_cv_t<R>>::value &&
    !std::ranges::borrowed_range<R> && !std::ranges::view<R>;

/// Calls @p f with @p bytes and returns its result. Must not compile when
/// the result type is not an owning_result.
template <class F>
  requires std::invocable<F&, std::span<const std::byte>>
auto with_bytes(std::span<const std::byte> bytes, F&& f)
    -> std::invoke_result_t<F&, std::span<const std::byte>> {
  using Result = std::invoke_result_t<F&, std::span<const std::byte>>;
  static_assert(owning_result<Result>,
                "with_bytes: the callback returns something that points into "
                "the bytes (a reference, pointer, view or borrowed range), "
                "which dangles once they are gone; return an owning copy "
                "such as std::string or std::vector");
  return std::invoke(f, bytes);
}

}  // namespace lesson06
