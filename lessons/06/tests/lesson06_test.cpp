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
#include <vector>

#include "lesson06.hpp"

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
