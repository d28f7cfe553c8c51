#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "entry.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo08 {
namespace {

TEST(Zoo08MissingCloexec, OpenedDescriptorIsCloseOnExec) {
  const ffikit::lessons::TempDir dir;
  const int fd = ffikit::bug_zoo::cloexec::open_read_only(
      dir.write("data", "abc").c_str());
  ASSERT_GE(fd, 0);
  // SAFETY: F_GETFD only reads the descriptor's flags.
  const int flags = ::fcntl(fd, F_GETFD);
  ::close(fd);
  EXPECT_EQ(flags & FD_CLOEXEC, FD_CLOEXEC)
      << "every program this one starts would inherit the file";
}

}  // namespace
}  // namespace zoo08
