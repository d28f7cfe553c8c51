// Lesson 6's grader, run-time half: the concept's answers for each family of
// types. The compile-time half lives in lessons/06/compile_fail.
#include <gtest/gtest.h>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lesson06.hpp"

// A library's own non-owning window onto bytes, declared a borrowed range
// as such types are (its iterators stay valid after it is gone), but not a
// view: only the borrowed_range test catches it.
struct ByteWindow {
  const std::byte* first = nullptr;
  const std::byte* last = nullptr;
  [[nodiscard]] const std::byte* begin() const { return first; }
  [[nodiscard]] const std::byte* end() const { return last; }
};
template <>
inline constexpr bool std::ranges::enable_borrowed_range<ByteWindow> = true;

// A view onto bytes that is not a borrowed range, written the way a library
// writes its own views (the standard's transform_view is another).
struct EveryByte : std::ranges::view_base {
  const std::byte* first = nullptr;
  const std::byte* last = nullptr;
  [[nodiscard]] const std::byte* begin() const { return first; }
  [[nodiscard]] const std::byte* end() const { return last; }
};

namespace {

using lesson06::owning_result;

struct Summary {
  std::size_t lines;
  std::string first_word;
};

TEST(Task1Views, SpansAndStringViewsBorrow) {
  EXPECT_FALSE((owning_result<std::span<const std::byte>>));
  EXPECT_FALSE((owning_result<std::span<const char, 4>>));
  EXPECT_FALSE((owning_result<std::string_view>));
}

TEST(Task1Views, ViewsThatAreNotBorrowedRangesBorrowToo) {
  // A view over the bytes that is not a borrowed range (as the standard's
  // transform and filter views are not): it still reads the bytes.
  static_assert(std::ranges::view<EveryByte>);
  static_assert(!std::ranges::borrowed_range<EveryByte>);
  EXPECT_FALSE((owning_result<EveryByte>));
#if !defined(__clang__) || __clang_major__ >= 15
  // clang 14 cannot compile these views of libstdc++ 12 at all.
  constexpr auto as_int = [](std::byte b) { return std::to_integer<int>(b); };
  constexpr auto non_zero = [](std::byte b) { return b != std::byte{0}; };
  using Bytes = std::span<const std::byte>;
  using Transformed =
      decltype(std::views::transform(std::declval<Bytes>(), as_int));
  using Filtered =
      decltype(std::views::filter(std::declval<Bytes>(), non_zero));
  static_assert(!std::ranges::borrowed_range<Transformed>);
  static_assert(!std::ranges::borrowed_range<Filtered>);
  EXPECT_FALSE((owning_result<Transformed>));
  EXPECT_FALSE((owning_result<Filtered>));
#endif
}

TEST(Task1Views, BorrowedRangesThatAreNotViewsBorrowToo) {
  static_assert(std::ranges::borrowed_range<ByteWindow>);
  static_assert(!std::ranges::view<ByteWindow>);
  EXPECT_FALSE((owning_result<ByteWindow>));
}

TEST(Task1Views, ContainersOwn) {
  EXPECT_TRUE((owning_result<std::string>));
  EXPECT_TRUE((owning_result<std::vector<std::byte>>));
  EXPECT_TRUE((owning_result<std::map<std::string, int>>));
}

TEST(Task2Pointers, PointersAndReferencesBorrow) {
  EXPECT_FALSE((owning_result<const std::byte*>));
  EXPECT_FALSE((owning_result<const char*>));
  EXPECT_FALSE((owning_result<const std::byte&>));
  EXPECT_FALSE((owning_result<std::string&&>));
  EXPECT_FALSE((owning_result<std::reference_wrapper<const std::byte>>));
  EXPECT_FALSE((owning_result<int Summary::*>));
}

TEST(Task2Pointers, ConstReferenceWrappersBorrowToo) {
  EXPECT_FALSE((owning_result<const std::reference_wrapper<const std::byte>>));
  EXPECT_FALSE(
      (owning_result<const volatile std::reference_wrapper<std::string>>));
}

TEST(Task2Pointers, PlainValuesOwn) {
  EXPECT_TRUE((owning_result<std::size_t>));
  EXPECT_TRUE((owning_result<Summary>));
  EXPECT_TRUE((owning_result<std::unique_ptr<int>>));
}

TEST(Task2Pointers, WithBytesPassesOwnedResultsThrough) {
  const std::byte data[] = {std::byte{'h'}, std::byte{'i'}};
  const std::string copy = lesson06::with_bytes(
      std::span<const std::byte>(data), [](std::span<const std::byte> bytes) {
        return std::string(
            reinterpret_cast<const char*>(bytes.data()),  // NOLINT
            bytes.size());
      });
  EXPECT_EQ(copy, "hi");
}

}  // namespace
