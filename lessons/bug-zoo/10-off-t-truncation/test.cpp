#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

#include "entry.hpp"

namespace zoo10 {
namespace {

using ffikit::bug_zoo::narrowing::length32;

TEST(Zoo10OffTTruncation, SizesThatDoNotFitAreRefused) {
  EXPECT_EQ(length32((std::int64_t{1} << 32) + 10), std::nullopt)
      << "4 GiB + 10 bytes must not become a 10-byte mapping";
  EXPECT_EQ(length32(-1), std::nullopt);
}

TEST(Zoo10OffTTruncation, SizesThatFitAreKept) {
  EXPECT_EQ(length32(10), std::uint32_t{10});
  EXPECT_EQ(length32(0xffffffff), std::uint32_t{0xffffffff});
}

}  // namespace
}  // namespace zoo10
