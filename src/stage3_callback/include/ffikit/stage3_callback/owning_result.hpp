/// @file
/// Compile-time rejection of callback results that would borrow from the
/// mapping and outlive it.
#pragma once

#include <functional>
#include <ranges>
#include <type_traits>

namespace ffikit::stage3 {

namespace detail {
template <class T>
struct is_reference_wrapper : std::false_type {};
template <class T>
struct is_reference_wrapper<std::reference_wrapper<T>> : std::true_type {};
}  // namespace detail

/// True when a value of type @p R can be returned out of a callback without
/// pointing into the mapping: not a reference, pointer, reference_wrapper,
/// borrowed range (std::span, std::string_view, ...) or view. A type that
/// hides a pointer inside a struct cannot be detected here; the checker's
/// quarantine mode catches that at run time.
template <class R>
concept owning_result =
    !std::is_reference_v<R> && !std::is_pointer_v<R> &&
    !std::is_member_pointer_v<R> &&
    !detail::is_reference_wrapper<std::remove_cv_t<R>>::value &&
    !std::ranges::borrowed_range<R> && !std::ranges::view<R>;

/// Fails compilation, with a message saying what to return instead, when
/// @p R borrows. Used by with_mmap_file_contents and
/// try_with_mmap_file_contents.
template <class R>
constexpr void require_owning_result() {
  static_assert(!std::is_reference_v<R>,
                "ffikit: the callback returns a reference, which would "
                "dangle once the file is unmapped; return a value");
  static_assert(!std::is_pointer_v<R> && !std::is_member_pointer_v<R>,
                "ffikit: the callback returns a pointer, which would dangle "
                "once the file is unmapped; return a value");
  static_assert(!detail::is_reference_wrapper<std::remove_cv_t<R>>::value,
                "ffikit: the callback returns a reference_wrapper, which "
                "would dangle once the file is unmapped; return a value");
  static_assert(!std::ranges::borrowed_range<R> && !std::ranges::view<R>,
                "ffikit: the callback returns a view (std::span, "
                "std::string_view, ...) into the mapping, which dies when "
                "the file is unmapped; copy into an owning type such as "
                "std::string or std::vector");
}

}  // namespace ffikit::stage3
