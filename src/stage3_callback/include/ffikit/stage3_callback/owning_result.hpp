/// @file
/// Compile-time rejection of callback results that would borrow from the
/// file's bytes and outlive them.
#pragma once

#include <functional>
#include <optional>
#include <ranges>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

namespace ffikit::stage3 {

/// Opt-in trait for a type of your own that borrows bytes it does not own
/// (a parser's token, a record view over a buffer): specialise it as
/// std::true_type, and a callback that returns it, or a container or
/// optional of it, stops compiling.
///
/// @code
/// struct Token { const char* first; std::size_t size; };
/// template <>
/// struct ffikit::stage3::borrowing_type<Token> : std::true_type {};
/// @endcode
template <class T>
struct borrowing_type : std::false_type {};

namespace detail {

template <class T>
struct is_reference_wrapper : std::false_type {};
template <class T>
struct is_reference_wrapper<std::reference_wrapper<T>> : std::true_type {};

// Borrows by itself, without looking inside: what the C++ type system says
// points elsewhere, plus the user's declarations.
template <class T>
inline constexpr bool borrows_directly =
    std::is_reference_v<T> || std::is_pointer_v<T> ||
    std::is_member_pointer_v<T> ||
    is_reference_wrapper<std::remove_cv_t<T>>::value ||
    std::ranges::borrowed_range<T> || std::ranges::view<T> ||
    borrowing_type<std::remove_cv_t<T>>::value;

template <class T>
struct holds_borrowed;

// Looks through every standard wrapper that holds values of other types:
// optional, variant, pair and tuple by their alternatives or members;
// expected (tl:: or std::) by value_type and error_type; containers
// (vector, array, map, ...) by the value_type of the range; smart pointers
// by element_type. A type whose elements are itself (std::filesystem::path)
// ends the search.
template <class T>
inline constexpr bool borrows =
    borrows_directly<T> || holds_borrowed<std::remove_cv_t<T>>::value;

template <class T>
inline constexpr bool borrows_or_void = !std::is_void_v<T> && borrows<T>;

template <class T>
concept expected_like = requires {
  typename T::value_type;
  typename T::error_type;
};

template <class T>
concept pointer_like = requires {
  typename T::element_type;
}
&&requires(const T& t) { t.get(); }
&&!std::ranges::range<T>;

template <class T>
struct holds_borrowed {
  static constexpr bool value = [] {
    if constexpr (expected_like<T>) {
      return borrows_or_void<typename T::value_type> ||
             borrows<typename T::error_type>;
    } else if constexpr (pointer_like<T>) {
      return borrows<std::remove_extent_t<typename T::element_type>>;
    } else if constexpr (std::ranges::range<T>) {
      using element = std::ranges::range_value_t<T>;
      if constexpr (std::is_same_v<std::remove_cv_t<element>, T>) {
        return false;
      } else {
        return borrows<element>;
      }
    } else {
      return false;
    }
  }();
};

template <class T>
struct holds_borrowed<std::optional<T>> : std::bool_constant<borrows<T>> {};
template <class... T>
struct holds_borrowed<std::variant<T...>>
    : std::bool_constant<(borrows<T> || ...)> {};
template <class A, class B>
struct holds_borrowed<std::pair<A, B>>
    : std::bool_constant<borrows<A> || borrows<B>> {};
template <class... T>
struct holds_borrowed<std::tuple<T...>>
    : std::bool_constant<(borrows<T> || ...)> {};

}  // namespace detail

/// True when a value of type @p R can be returned out of a callback without
/// pointing into the file's bytes: not a reference, pointer,
/// reference_wrapper, borrowed range (std::span, std::string_view, ...),
/// view or borrowing_type, and none of those inside an optional, variant,
/// pair, tuple, expected, smart pointer or standard container. A pointer
/// hidden in a struct of your own cannot be detected here (declare the
/// struct a borrowing_type); the checker's quarantine mode catches it at
/// run time.
template <class R>
concept owning_result = !detail::borrows<R>;

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
  static_assert(!std::ranges::borrowed_range<R> && !std::ranges::view<R> &&
                    !borrowing_type<std::remove_cv_t<R>>::value,
                "ffikit: the callback returns a view (std::span, "
                "std::string_view, ...) into the mapping, which dies when "
                "the file is unmapped; copy into an owning type such as "
                "std::string or std::vector");
  static_assert(detail::borrows_directly<R> ||
                    !detail::holds_borrowed<std::remove_cv_t<R>>::value,
                "ffikit: the callback returns a value that holds a view, "
                "pointer or reference (inside an optional, variant, pair, "
                "tuple, expected, smart pointer or container), which would "
                "dangle once the file is unmapped; hold owning types such "
                "as std::string or std::vector instead");
}

}  // namespace ffikit::stage3
