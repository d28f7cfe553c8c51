// Stage 1 dies on every error, like the post's fail!: the death tests pin the
// exact message (operation, path, strerror) and exit status.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "ffikit/stage1_raw/helpers.hpp"
#include "ffikit/test_support/temp_dir.hpp"

namespace stage1 = ffikit::stage1;
using ffikit::test_support::TempDir;

namespace {

void append_bytes(const std::byte* bytes, std::size_t size, void* context) {
  auto* out = static_cast<std::string*>(context);
  out->append(reinterpret_cast<const char*>(bytes), size);
}

void ignore_bytes(const std::byte*, std::size_t, void*) {}

}  // namespace

TEST(Stage1Helpers, CallbackSeesTheWholeFile) {
  TempDir dir;
  const std::string file = dir.write("hello", "hello, mapped world\n");
  std::string seen;
  stage1::with_mmap_file_contents(file.c_str(), append_bytes, &seen);
  EXPECT_EQ(seen, "hello, mapped world\n");
}

TEST(Stage1HelpersDeathTest, MissingFileDiesNamingOpenAndPath) {
  TempDir dir;
  const std::string missing = dir.join("mot");
  EXPECT_EXIT(
      stage1::with_mmap_file_contents(missing.c_str(), ignore_bytes, nullptr),
      testing::ExitedWithCode(stage1::exit_status_on_failure),
      "^ffikit: open\\(" + missing + "\\): No such file or directory\n$");
}

// The post's code mapped st_size bytes without looking: an empty file asks
// mmap for 0 bytes and the kernel answers EINVAL. Stage 3 fixes this.
TEST(Stage1HelpersDeathTest, ZeroLengthFileDiesInMmapWithEinval) {
  TempDir dir;
  const std::string empty = dir.write("empty", "");
  EXPECT_EXIT(
      stage1::with_mmap_file_contents(empty.c_str(), ignore_bytes, nullptr),
      testing::ExitedWithCode(stage1::exit_status_on_failure),
      "^ffikit: mmap\\(" + empty + "\\): Invalid argument\n$");
}

// A directory opens read-only and has a non-zero st_size, so stage 1 only
// finds out at mmap, which refuses with ENODEV.
TEST(Stage1HelpersDeathTest, DirectoryDiesInMmapWithEnodev) {
  TempDir dir;
  EXPECT_EXIT(stage1::with_mmap_file_contents(dir.path().c_str(), ignore_bytes,
                                              nullptr),
              testing::ExitedWithCode(stage1::exit_status_on_failure),
              "^ffikit: mmap\\(" + dir.path() + "\\): No such device\n$");
}

TEST(Stage1HelpersDeathTest, FstatOfClosedDescriptorDiesWithEbadf) {
  EXPECT_EXIT(stage1::fstat_or_die(-1, "nowhere"),
              testing::ExitedWithCode(stage1::exit_status_on_failure),
              "^ffikit: fstat\\(nowhere\\): Bad file descriptor\n$");
}

TEST(Stage1HelpersDeathTest, MunmapOfUnalignedAddressDiesWithEinval) {
  const auto* unaligned = reinterpret_cast<const std::byte*>(std::uintptr_t{1});
  EXPECT_EXIT(stage1::munmap_or_die(unaligned, 4096, "somewhere"),
              testing::ExitedWithCode(stage1::exit_status_on_failure),
              "^ffikit: munmap\\(somewhere\\): Invalid argument\n$");
}

TEST(Stage1HelpersDeathTest, DoubleCloseDiesWithEbadf) {
  EXPECT_EXIT(stage1::close_or_die(-1, "twice"),
              testing::ExitedWithCode(stage1::exit_status_on_failure),
              "^ffikit: close\\(twice\\): Bad file descriptor\n$");
}

TEST(Stage1HelpersDeathTest, NullPathPrintsEmptyParentheses) {
  EXPECT_EXIT(stage1::die("open", nullptr, 2),
              testing::ExitedWithCode(stage1::exit_status_on_failure),
              "^ffikit: open\\(\\): No such file or directory\n$");
}
