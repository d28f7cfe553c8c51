#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "entry.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo12 {
namespace {

TEST(Zoo12StringViewData, OpensTheFileTheViewNames) {
  const ffikit::lessons::TempDir dir;
  const std::string wanted = dir.write("data", "short");
  const std::string longer = dir.write("data.bak", "a longer backup");
  // A view of the first part of a longer string: no NUL where it ends.
  const std::string_view path(longer.data(), longer.size() - 4);
  const int fd = ffikit::bug_zoo::view_path::open_view(path);
  ASSERT_GE(fd, 0);
  struct stat opened {};
  struct stat expected {};
  // SAFETY: fd is open; both structures are live.
  ASSERT_EQ(::fstat(fd, &opened), 0);
  ::close(fd);
  ASSERT_EQ(::stat(wanted.c_str(), &expected), 0);
  EXPECT_EQ(opened.st_ino, expected.st_ino)
      << "opened another file: open read past the end of the view";
}

}  // namespace
}  // namespace zoo12
