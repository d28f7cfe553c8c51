#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <string>

#include "entry.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo03 {
namespace {

using ffikit::bug_zoo::descriptor_zero::file_size;

TEST(Zoo03DescriptorZero, DescriptorZeroIsClosedToo) {
  const ffikit::lessons::TempDir dir;
  const std::string path = dir.write("five", "12345");
  // Free descriptor 0 (stdin), so that the next open returns 0.
  // SAFETY: duplicates stdin above 10 to put it back afterwards.
  const int saved = ::fcntl(0, F_DUPFD_CLOEXEC, 10);
  ASSERT_GE(saved, 0);
  ::close(0);
  std::int64_t size = -1;
  const int error = file_size(path.c_str(), size);
  // SAFETY: F_GETFD only asks whether descriptor 0 is open.
  const bool zero_left_open = ::fcntl(0, F_GETFD) != -1;
  // SAFETY: puts stdin back on 0 (closing whatever is there) and drops the copy.
  ::dup2(saved, 0);
  ::close(saved);
  EXPECT_EQ(error, 0);
  EXPECT_EQ(size, 5);
  EXPECT_FALSE(zero_left_open)
      << "open returned descriptor 0, and the cleanup never closed it";
}

}  // namespace
}  // namespace zoo03
