#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

#include "entry.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo02 {
namespace {

using ffikit::bug_zoo::map_failed::map_region;
using ffikit::bug_zoo::map_failed::Region;

TEST(Zoo02MapFailedVsNull, DirectoryIsEnodevNotAMapping) {
  const ffikit::lessons::TempDir dir;
  // SAFETY: the directory's path is NUL-terminated; closed below.
  const int fd = ::open(dir.path().c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  Region region;
  const int error = map_region(fd, 4096, region);
  ::close(fd);
  EXPECT_EQ(error, ENODEV) << "mmap of a directory fails, and must be reported";
  EXPECT_EQ(region.address, nullptr)
      << "the failure was taken for a mapping at address -1";
}

TEST(Zoo02MapFailedVsNull, RegularFileIsMapped) {
  const ffikit::lessons::TempDir dir;
  // SAFETY: the path is NUL-terminated; closed below.
  const int fd = ::open(dir.write("five", "12345").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  Region region;
  EXPECT_EQ(map_region(fd, 5, region), 0);
  ::close(fd);
  ASSERT_NE(region.address, nullptr);
  // SAFETY: the range map_region returned.
  ::munmap(region.address, region.length);
}

}  // namespace
}  // namespace zoo02
