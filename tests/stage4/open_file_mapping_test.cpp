// open_file_mapping: a file's contents as a value, with errors as values
// (folly's MemoryMapping(path), memmap2's Mmap::map, without an
// out-parameter).
#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <utility>

#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"
#include "ffikit/test_support/resource_snapshot.hpp"
#include "ffikit/test_support/temp_dir.hpp"
#include "hostile_files.hpp"

using ffikit::Error;
using ffikit::stage4::open_file_mapping;
using ffikit::test_support::leaked_between;
using ffikit::test_support::ResourceSnapshot;
using ffikit::test_support::TempDir;

namespace {
std::error_code errno_code(int value) {
  return {value, std::system_category()};
}
}  // namespace

TEST(OpenFileMapping, LargeFileIsAMappingHeldByTheValue) {
  TempDir dir;
  const std::string content(ffikit::stage3::small_file_threshold * 2, 'v');
  const ResourceSnapshot before = ResourceSnapshot::take();
  {
    auto contents = open_file_mapping(dir.write("f", content));
    ASSERT_TRUE(contents.has_value()) << contents.error();
    EXPECT_TRUE(contents->is_mapped());
    EXPECT_EQ(contents->text(), content);
    EXPECT_EQ(leaked_between(before, ResourceSnapshot::take()).size(), 2U);
  }
  EXPECT_TRUE(leaked_between(before, ResourceSnapshot::take()).empty())
      << "the value released its mapping and descriptor";
}

TEST(OpenFileMapping, ProcFileIsItsText) {
  auto contents = open_file_mapping("/proc/sys/kernel/ostype");
  ASSERT_TRUE(contents.has_value()) << contents.error();
  EXPECT_EQ(contents->text(), "Linux\n");
  EXPECT_FALSE(contents->is_mapped());
}

TEST(OpenFileMapping, ErrorsAreValues) {
  TempDir dir;
  const auto missing = open_file_mapping(dir.join("missing"));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error(),
            Error("open", errno_code(ENOENT), dir.join("missing")));
  const auto directory = open_file_mapping(dir.path());
  ASSERT_FALSE(directory.has_value());
  EXPECT_EQ(directory.error(), Error("check", errno_code(EISDIR), dir.path()));
}

TEST(OpenFileMapping, OptionsAreHonoured) {
  ffikit::stage3::Options options;
  options.read_special_files = true;
  options.read_limit = 4096;
  const auto zero = open_file_mapping("/dev/zero", options);
  ASSERT_FALSE(zero.has_value());
  EXPECT_EQ(zero.error(), Error("read", errno_code(EFBIG), "/dev/zero"));
}

TEST(OpenFileMapping, TheValueMovesAndClosesExplicitly) {
  TempDir dir;
  auto contents = open_file_mapping(dir.write("f", "moved"));
  ASSERT_TRUE(contents.has_value());
  ffikit::stage3::FileMapping moved = std::move(*contents);
  EXPECT_EQ(moved.text(), "moved");
  EXPECT_FALSE(moved.close());
  EXPECT_TRUE(moved.text().empty());
}
