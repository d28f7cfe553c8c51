#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

#include "entry.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo09 {
namespace {

TEST(Zoo09InteriorNul, InteriorNulIsRefusedNotTruncated) {
  const ffikit::lessons::TempDir dir;
  std::string path = dir.write("real", "x");
  path += std::string("\0tail", 5);
  errno = 0;
  const int fd = ffikit::bug_zoo::interior_nul::open_path(path);
  const int error = errno;
  if (fd >= 0) {
    ::close(fd);
  }
  EXPECT_EQ(fd, -1) << "\"real\\0tail\" opened \"real\"";
  EXPECT_EQ(error, EINVAL);
}

}  // namespace
}  // namespace zoo09
