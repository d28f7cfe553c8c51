// require_owning_result sees through the standard types that hold other
// values, and through a user's own view types once declared. The
// compile_fail suite checks the diagnostics; these pin the concept itself.
#include "ffikit/stage3_callback/owning_result.hpp"

#include <gtest/gtest.h>

#include <tl/expected.hpp>

#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

using ffikit::stage3::owning_result;
using Bytes = std::span<const std::byte>;

namespace {

// A user's own type that borrows: a pointer and a length into a buffer.
struct Token {
  const char* first;
  std::size_t size;
};

// A user's own type that owns what it holds.
struct Record {
  std::string name;
  int value;
};

}  // namespace

template <>
struct ffikit::stage3::borrowing_type<Token> : std::true_type {};

// Direct borrows, as before.
static_assert(!owning_result<Bytes>);
static_assert(!owning_result<std::string_view>);
static_assert(!owning_result<const char*>);
static_assert(!owning_result<const std::byte&>);

// Inside the standard wrappers.
static_assert(!owning_result<std::optional<std::string_view>>);
static_assert(!owning_result<std::vector<Bytes>>);
static_assert(!owning_result<std::variant<int, std::string_view>>);
static_assert(!owning_result<std::pair<int, const char*>>);
static_assert(!owning_result<std::tuple<int, std::string, Bytes>>);
static_assert(!owning_result<tl::expected<std::string_view, int>>);
static_assert(!owning_result<tl::expected<int, std::string_view>>);
static_assert(!owning_result<std::map<std::string, std::string_view>>);
static_assert(!owning_result<std::array<std::string_view, 2>>);
static_assert(!owning_result<std::unique_ptr<std::string_view>>);
static_assert(!owning_result<const std::optional<const char*>>);
// Nested more than one level deep.
static_assert(!owning_result<std::vector<std::optional<std::string_view>>>);
static_assert(
    !owning_result<std::map<int, std::vector<std::pair<int, Bytes>>>>);

// The user's declaration, alone and inside wrappers.
static_assert(!owning_result<Token>);
static_assert(!owning_result<std::vector<Token>>);
static_assert(!owning_result<std::optional<Token>>);

// Owning results pass, however deep.
static_assert(owning_result<void>);
static_assert(owning_result<std::optional<std::string>>);
static_assert(owning_result<std::vector<std::vector<std::byte>>>);
static_assert(owning_result<std::variant<int, std::string>>);
static_assert(owning_result<std::pair<int, std::string>>);
static_assert(owning_result<std::tuple<int, std::string, double>>);
static_assert(owning_result<tl::expected<std::string, int>>);
static_assert(owning_result<tl::expected<void, std::string>>);
static_assert(owning_result<std::map<std::string, std::string>>);
static_assert(owning_result<std::array<std::string, 2>>);
static_assert(owning_result<std::unique_ptr<int[]>>);
static_assert(owning_result<std::shared_ptr<std::string>>);
static_assert(owning_result<Record>);
static_assert(owning_result<std::vector<Record>>);
// A range whose elements are itself ends the search instead of recursing.
static_assert(owning_result<std::filesystem::path>);

TEST(OwningResult, IsDecidedAtCompileTime) {
  // Everything above is a static_assert; this test makes the file a suite.
  EXPECT_TRUE(owning_result<std::string>);
  EXPECT_FALSE(owning_result<std::optional<std::string_view>>);
}
