// Lesson 4's grader: a mapping owner. The kit's leak listener fails any test
// that ends with a file mapping still in /proc/self/maps, and the checker
// sees every mmap and munmap: a range released twice, in part, or not at
// all.
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>

#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"
#include "lesson04.hpp"

namespace {

namespace check = ffikit::check;
using lesson04::FileDescriptor;
using lesson04::MappedRegion;

// True when /proc/self/maps lists a mapping of @p path.
bool is_mapped_in_proc(const std::string& path) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (line.size() >= path.size() &&
        line.compare(line.size() - path.size(), path.size(), path) == 0) {
      return true;
    }
  }
  return false;
}

// Every violation and leak the checker recorded, as test failures.
void expect_clean(const check::Session& session) {
  const check::Report report = session.report();
  for (const check::Finding& finding : report.violations) {
    ADD_FAILURE() << check::describe(finding) << '\n' << session.trace_text();
  }
  for (const check::Finding& leak : report.leaks) {
    ADD_FAILURE() << check::describe(leak) << '\n' << session.trace_text();
  }
}

std::size_t page_size() {
  // SAFETY: sysconf only reads a system constant.
  return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

class Lesson04 : public testing::Test {
 protected:
  FileDescriptor open(const std::string& path) {
    std::error_code error;
    FileDescriptor fd = lesson04::open_read_only(path, error);
    EXPECT_FALSE(error) << error.message();
    return fd;
  }
  ffikit::lessons::TempDir dir_;
  std::string file_ = dir_.write("data", "hello, mapping");
  // One byte more than a page: a length that is off by one byte, or
  // rounded down to whole pages, leaves the second page mapped.
  std::string page_and_a_byte_ =
      dir_.write("page-and-a-byte", std::string(page_size() + 1, 'p'));
};

using Task1Map = Lesson04;

TEST_F(Task1Map, MapsTheExactBytes) {
  FileDescriptor fd = open(file_);
  std::error_code error;
  MappedRegion region = lesson04::map_read_only(fd, 14, error);
  ASSERT_FALSE(error) << error.message();
  ASSERT_TRUE(region.is_mapped());
  EXPECT_EQ(region.size(), 14U);
  EXPECT_EQ(std::memcmp(region.data(), "hello, mapping", 14), 0);
}

TEST_F(Task1Map, ZeroLengthIsEinvalAndEmpty) {
  FileDescriptor fd = open(file_);
  std::error_code error;
  MappedRegion region = lesson04::map_read_only(fd, 0, error);
  EXPECT_EQ(error, std::error_code(EINVAL, std::system_category()));
  EXPECT_FALSE(region.is_mapped());
  EXPECT_EQ(region.data(), nullptr);
}

TEST_F(Task1Map, DirectoryIsEnodevNotASuccess) {
  // mmap fails here with MAP_FAILED, which is not NULL.
  FileDescriptor fd = open(dir_.path());
  std::error_code error;
  MappedRegion region = lesson04::map_read_only(fd, 4096, error);
  EXPECT_EQ(error, std::error_code(ENODEV, std::system_category()));
  EXPECT_FALSE(region.is_mapped());
}

TEST_F(Task1Map, EmptyOwnerIsEbadf) {
  const FileDescriptor nothing;
  std::error_code error;
  MappedRegion region = lesson04::map_read_only(nothing, 4096, error);
  EXPECT_EQ(error, std::error_code(EBADF, std::system_category()));
  EXPECT_FALSE(region.is_mapped());
}

using Task1Lifetime = Lesson04;

TEST_F(Task1Lifetime, EmptyOwnerIsEbadfWithoutCallingMmap) {
  const FileDescriptor nothing;
  check::Session session;
  std::error_code error;
  MappedRegion region = lesson04::map_read_only(nothing, 4096, error);
  session.disarm();
  EXPECT_EQ(error, std::error_code(EBADF, std::system_category()));
  EXPECT_EQ(session.report().calls_of(check::Function::mmap), 0U)
      << "an empty owner is refused before mmap is called\n"
      << session.trace_text();
}

using Task2Ownership = Lesson04;

TEST_F(Task2Ownership, DestructorUnmapsTheWholeRange) {
  {
    FileDescriptor fd = open(file_);
    std::error_code error;
    MappedRegion region = lesson04::map_read_only(fd, 14, error);
    ASSERT_FALSE(error) << error.message();
    EXPECT_TRUE(is_mapped_in_proc(file_));
  }
  EXPECT_FALSE(is_mapped_in_proc(file_));
}

TEST_F(Task2Ownership, MovesTransferAndEmptyTheSource) {
  FileDescriptor fd = open(file_);
  std::error_code error;
  MappedRegion first = lesson04::map_read_only(fd, 14, error);
  const std::byte* address = first.data();
  MappedRegion second(std::move(first));
  EXPECT_EQ(first.data(), nullptr);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(first.size(), 0U);
  EXPECT_EQ(second.data(), address);
  MappedRegion third = lesson04::map_read_only(fd, 5, error);
  third = std::move(second);  // must unmap third's own 5-byte mapping
  EXPECT_EQ(third.data(), address);
  EXPECT_EQ(third.size(), 14U);
  EXPECT_FALSE(second.is_mapped());  // NOLINT(bugprone-use-after-move)
}

TEST_F(Task2Ownership, SelfMoveAssignmentKeepsTheMapping) {
  FileDescriptor fd = open(file_);
  std::error_code error;
  MappedRegion region = lesson04::map_read_only(fd, 14, error);
  ASSERT_FALSE(error) << error.message();
  const std::byte* address = region.data();
  MappedRegion& same = region;
  region = std::move(same);
  EXPECT_EQ(region.data(), address) << "moving a region onto itself keeps it";
  EXPECT_EQ(region.size(), 14U);
  EXPECT_TRUE(is_mapped_in_proc(file_));
}

TEST_F(Task2Ownership, DestructorUnmapsEveryPageOfALongerFile) {
  {
    FileDescriptor fd = open(page_and_a_byte_);
    std::error_code error;
    const MappedRegion region =
        lesson04::map_read_only(fd, page_size() + 1, error);
    ASSERT_FALSE(error) << error.message();
  }
  EXPECT_FALSE(is_mapped_in_proc(page_and_a_byte_))
      << "part of the mapping is still there: munmap was given less than "
         "mmap's length";
}

// The checker records every mmap and munmap: each range must be released
// exactly once, with the address and length mmap returned and was given.
class Task2Lifetime : public Lesson04 {
 protected:
  void map_and_destroy(const std::string& path, std::size_t length) {
    check::Session session;
    {
      FileDescriptor fd = open(path);
      std::error_code error;
      const MappedRegion region = lesson04::map_read_only(fd, length, error);
      ASSERT_FALSE(error) << error.message();
    }
    session.disarm();
    expect_clean(session);
  }
};

TEST_F(Task2Lifetime, DestructorUnmapsExactlyWhatWasMapped) {
  map_and_destroy(file_, 14);
  map_and_destroy(page_and_a_byte_, page_size() + 1);
}

TEST_F(Task2Lifetime, MovesReleaseEachRangeOnce) {
  check::Session session;
  {
    FileDescriptor fd = open(file_);
    std::error_code error;
    MappedRegion first = lesson04::map_read_only(fd, 14, error);
    MappedRegion second(std::move(first));
    MappedRegion third = lesson04::map_read_only(fd, 5, error);
    third = std::move(second);
  }
  session.disarm();
  expect_clean(session);
}

using Task3Unmap = Lesson04;

TEST_F(Task3Unmap, UnmapReleasesOnceAndEmpties) {
  FileDescriptor fd = open(file_);
  std::error_code error;
  MappedRegion region = lesson04::map_read_only(fd, 14, error);
  EXPECT_FALSE(region.unmap());
  EXPECT_FALSE(region.is_mapped());
  EXPECT_EQ(region.size(), 0U);
  EXPECT_FALSE(is_mapped_in_proc(file_));
  EXPECT_FALSE(region.unmap()) << "unmapping an empty region reports nothing";
}

TEST_F(Task3Unmap, UnmapReportsEinvalForABadRange) {
  // An address that is not page aligned: munmap must say EINVAL, once.
  MappedRegion bogus(reinterpret_cast<void*>(std::uintptr_t{1}), 10);  // NOLINT
  EXPECT_EQ(bogus.unmap(), std::error_code(EINVAL, std::system_category()));
  EXPECT_FALSE(bogus.is_mapped());
}

}  // namespace
