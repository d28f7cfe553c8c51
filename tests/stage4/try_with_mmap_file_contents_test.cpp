#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "ffikit/test_support/resource_snapshot.hpp"
#include "ffikit/test_support/temp_dir.hpp"
#include "hostile_files.hpp"

using ffikit::Error;
using ffikit::hostile::BlockedFifoWriter;
using ffikit::hostile::read_with_read;
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

TEST(TryWithMmapFileContents, DirectoryRefusedByTheCheck) {
  TempDir dir;
  const auto result = try_with_mmap_file_contents(dir.path(), as_string);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error("check", errno_code(EISDIR), dir.path()));
  EXPECT_EQ(result.error().message(),
            "check(" + dir.path() + "): Is a directory");
}

TEST(TryWithMmapFileContents, FifoDoesNotBlock) {
  TempDir dir;
  const std::string fifo = dir.make_fifo("fifo");
  const auto result = try_with_mmap_file_contents(fifo, as_string);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error("check", errno_code(ENODEV), fifo));
}

TEST(TryWithMmapFileContents, FifoWriterBlockedInOpenSurvives) {
  TempDir dir;
  const std::string fifo = dir.make_fifo("fifo");
  BlockedFifoWriter writer(fifo, "still here\n");
  const auto result = try_with_mmap_file_contents(fifo, as_string);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().operation(), "check");
  EXPECT_TRUE(writer.still_blocked());
  EXPECT_EQ(writer.drain(), "still here\n");
  EXPECT_EQ(writer.wait_status(), 0) << "141 would be death by SIGPIPE";
}

// With FIFOs allowed, the open waits for the writer, as cat's does, and the
// callback sees everything it wrote.
TEST(TryWithMmapFileContents, AllowedFifoIsReadFromAWriterBlockedInOpen) {
  TempDir dir;
  const std::string fifo = dir.make_fifo("fifo");
  BlockedFifoWriter writer(fifo, "through the fifo\n");
  ffikit::stage3::Options options;
  options.read_special_files = true;
  const auto result = try_with_mmap_file_contents(fifo, options, as_string);
  ASSERT_TRUE(result.has_value()) << result.error();
  EXPECT_EQ(*result, "through the fifo\n");
  EXPECT_EQ(writer.wait_status(), 0);
}

TEST(TryWithMmapFileContents, DeviceNodeRefusedWithoutOpening) {
  const auto result = try_with_mmap_file_contents("/dev/zero", as_string);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error("check", errno_code(ENODEV), "/dev/zero"));
}

TEST(TryWithMmapFileContents, ProcFileGivesItsText) {
  const std::string expected = read_with_read("/proc/sys/kernel/ostype");
  ASSERT_EQ(expected, "Linux\n");
  const auto result =
      try_with_mmap_file_contents("/proc/sys/kernel/ostype", as_string);
  ASSERT_TRUE(result.has_value()) << result.error();
  EXPECT_EQ(*result, expected);
}

TEST(TryWithMmapFileContents, SmallAndLargeFilesGiveTheSameKindOfView) {
  TempDir dir;
  const std::string small = "below the threshold";
  const std::string large(2 * ffikit::stage3::small_file_threshold + 3, 'L');
  EXPECT_EQ(try_with_mmap_file_contents(dir.write("s", small), as_string),
            small);
  EXPECT_EQ(try_with_mmap_file_contents(dir.write("l", large), as_string),
            large);
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
  const std::string file =
      dir.write("f", std::string(ffikit::stage3::small_file_threshold, 'f'));
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

namespace {

// In a child under a 256 MiB address-space limit, asks for a 512 MiB file:
// mmap says ENOMEM, the read it falls back to cannot get its buffer either.
// @return 0 when that is the error ("read", ENOMEM) and nothing threw.
int contents_under_address_space_limit(const std::string& path) {
  const rlimit limit{std::size_t{256} << 20U, std::size_t{256} << 20U};
  if (::setrlimit(RLIMIT_AS, &limit) != 0) {
    return 2;
  }
  bool called = false;
  const auto result = try_with_mmap_file_contents(path, [&](Bytes) {
    called = true;
    return 0;
  });
  return !result && !called &&
                 result.error() == Error("read", errno_code(ENOMEM), path)
             ? 0
             : 1;
}

}  // namespace

TEST(TryWithMmapFileContentsDeathTest, AddressSpaceLimitIsACleanEnomem) {
  if (const char* reason = ffikit::hostile::address_space_limit_unsupported()) {
    GTEST_SKIP() << reason;
  }
  TempDir dir;
  const std::string path = dir.write("sparse", "");
  // A sparse file: 512 MiB of size, no blocks on disk.
  ASSERT_EQ(::truncate(path.c_str(), off_t{512} << 20), 0);
  // exit(), not _Exit(): coverage counters are written at exit.
  EXPECT_EXIT(std::exit(contents_under_address_space_limit(path)),
              testing::ExitedWithCode(0), "");
}
