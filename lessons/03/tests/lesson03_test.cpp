// Lesson 3's grader: the size and type decisions, first pure, then on real
// files (empty, directory, FIFO).
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "ffikit/lessons/temp_dir.hpp"
#include "lesson03.hpp"

namespace {

using lesson03::MapDecision;
using lesson03::MapPlan;

constexpr std::uint32_t regular = S_IFREG | 0644;

TEST(Task1Narrowing, NegativeSizeIsRefused) {
  EXPECT_EQ(lesson03::narrow_file_size(-1), std::nullopt);
  EXPECT_EQ(
      lesson03::narrow_file_size(std::numeric_limits<std::int64_t>::min()),
      std::nullopt);
}

TEST(Task1Narrowing, ValidSizesAreKeptExactly) {
  EXPECT_EQ(lesson03::narrow_file_size(0), std::size_t{0});
  EXPECT_EQ(lesson03::narrow_file_size(4097), std::size_t{4097});
  EXPECT_EQ(
      lesson03::narrow_file_size(std::numeric_limits<std::int64_t>::max()),
      static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()));
}

TEST(Task2Plan, RegularFileIsMappedWithItsExactSize) {
  EXPECT_EQ(lesson03::plan_mapping(regular, 10),
            (MapPlan{MapDecision::map, 10}));
}

TEST(Task2Plan, EmptyRegularFileIsNeverMapped) {
  EXPECT_EQ(lesson03::plan_mapping(regular, 0),
            (MapPlan{MapDecision::empty, 0}));
}

TEST(Task2Plan, DirectoryIsRefused) {
  EXPECT_EQ(lesson03::plan_mapping(S_IFDIR | 0755, 4096),
            (MapPlan{MapDecision::refuse_directory, 0}));
}

TEST(Task2Plan, SpecialFilesAreRefusedWhateverTheirSize) {
  EXPECT_EQ(lesson03::plan_mapping(S_IFIFO | 0600, 0),
            (MapPlan{MapDecision::refuse_special, 0}));
  EXPECT_EQ(lesson03::plan_mapping(S_IFCHR | 0666, 4096),
            (MapPlan{MapDecision::refuse_special, 0}));
  EXPECT_EQ(lesson03::plan_mapping(S_IFSOCK | 0600, 16),
            (MapPlan{MapDecision::refuse_special, 0}));
}

TEST(Task2Plan, NegativeSizeIsRefused) {
  EXPECT_EQ(lesson03::plan_mapping(regular, -5),
            (MapPlan{MapDecision::refuse_size, 0}));
}

TEST(Task3RealFiles, EmptyAndNonEmptyFiles) {
  ffikit::lessons::TempDir dir;
  std::error_code error;
  EXPECT_EQ(lesson03::plan_for_path(dir.write("empty", ""), error),
            (MapPlan{MapDecision::empty, 0}));
  EXPECT_FALSE(error) << error.message();
  EXPECT_EQ(lesson03::plan_for_path(dir.write("three", "abc"), error),
            (MapPlan{MapDecision::map, 3}));
  EXPECT_FALSE(error) << error.message();
}

TEST(Task3RealFiles, DirectoryAndFifoAreRefusedWithoutBlocking) {
  ffikit::lessons::TempDir dir;
  std::error_code error;
  EXPECT_EQ(lesson03::plan_for_path(dir.path(), error).decision,
            MapDecision::refuse_directory);
  EXPECT_FALSE(error) << error.message();
  // Without O_NONBLOCK this open would wait forever for a writer.
  EXPECT_EQ(lesson03::plan_for_path(dir.fifo("pipe"), error).decision,
            MapDecision::refuse_special);
  EXPECT_FALSE(error) << error.message();
}

TEST(Task3RealFiles, MissingFileReportsEnoent) {
  ffikit::lessons::TempDir dir;
  std::error_code error;
  static_cast<void>(lesson03::plan_for_path(dir.file("absent"), error));
  EXPECT_EQ(error, std::error_code(ENOENT, std::system_category()));
}

}  // namespace
