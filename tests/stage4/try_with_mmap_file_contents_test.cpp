#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "ffikit/test_support/resource_snapshot.hpp"
#include "ffikit/test_support/temp_dir.hpp"

using ffikit::Error;
using ffikit::stage4::try_with_mmap_file_contents;
using ffikit::test_support::leaked_between;
using ffikit::test_support::ResourceSnapshot;
using ffikit::test_support::TempDir;
using Bytes = std::span<const std::byte>;

using namespace std::string_literals;

namespace {

std::error_code errno_code(int value) {
  return {value, std::system_category()};
}

std::string as_string(Bytes bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace

TEST(TryWithMmapFileContents, ValueIsReturnedInExpected) {
  TempDir dir;
  const std::string file = dir.write("f", "payload");
  const tl::expected<std::string, Error> result =
      try_with_mmap_file_contents(file, as_string);
  ASSERT_TRUE(result.has_value()) << result.error();
  EXPECT_EQ(*result, "payload");
}

TEST(TryWithMmapFileContents, VoidCallbackGivesExpectedVoid) {
  TempDir dir;
  const std::string file = dir.write("f", "x");
  int calls = 0;
  const auto result =
      try_with_mmap_file_contents(file, [&calls](Bytes) { ++calls; });
  static_assert(std::is_same_v<std::remove_const_t<decltype(result)>,
                               tl::expected<void, Error>>);
  EXPECT_TRUE(result.has_value());
  EXPECT_EQ(calls, 1);
}

TEST(TryWithMmapFileContents, MissingFileIsAnErrorValue) {
  TempDir dir;
  const std::string missing = dir.join("mot");
  const auto result = try_with_mmap_file_contents(missing, as_string);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error("open", errno_code(ENOENT), missing));
  EXPECT_EQ(result.error().message(),
            "open(" + missing + "): No such file or directory");
}

TEST(TryWithMmapFileContents, ZeroLengthFile) {
  TempDir dir;
  const std::string file = dir.write("empty", "");
  const auto result = try_with_mmap_file_contents(file, as_string);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, "");
}

TEST(TryWithMmapFileContents, DirectoryRejected) {
  TempDir dir;
  const auto result = try_with_mmap_file_contents(dir.path(), as_string);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error("mmap", errno_code(EISDIR), dir.path()));
}

TEST(TryWithMmapFileContents, FifoDoesNotBlock) {
  TempDir dir;
  const std::string fifo = dir.make_fifo("fifo");
  const auto result = try_with_mmap_file_contents(fifo, as_string);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error("mmap", errno_code(ENODEV), fifo));
}

TEST(TryWithMmapFileContents, InteriorNulKeepsTheWholePathInTheError) {
  TempDir dir;
  const std::string prefix = dir.write("a", "must not be opened");
  const std::string path = prefix + "\0b"s;
  const auto result = try_with_mmap_file_contents(path, as_string);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error("open", errno_code(EINVAL), path));
  EXPECT_EQ(result.error().path().size(), prefix.size() + 2);
}

TEST(TryWithMmapFileContents, ErrorsAreValuesNotExceptions) {
  TempDir dir;
  EXPECT_NO_THROW({
    const auto result =
        try_with_mmap_file_contents(dir.join("missing"), as_string);
    EXPECT_FALSE(result.has_value());
  });
}

TEST(TryWithMmapFileContents, CallbackThrowsReleasesBoth) {
  TempDir dir;
  const std::string file = dir.write("f", "abc");
  const ResourceSnapshot before = ResourceSnapshot::take();
  EXPECT_THROW(
      static_cast<void>(try_with_mmap_file_contents(
          file, [](Bytes) -> int { throw std::runtime_error("boom"); })),
      std::runtime_error);
  EXPECT_TRUE(leaked_between(before, ResourceSnapshot::take()).empty());
}

TEST(TryWithMmapFileContents, NothingIsHeldAfterAnError) {
  TempDir dir;
  const ResourceSnapshot before = ResourceSnapshot::take();
  const auto result = try_with_mmap_file_contents(dir.path(), as_string);
  EXPECT_FALSE(result.has_value());
  EXPECT_TRUE(leaked_between(before, ResourceSnapshot::take()).empty());
}
