#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "entry.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo13 {
namespace {

namespace check = ffikit::check;

TEST(Zoo13BorrowedDescriptorClosed, TheCallerKeepsItsDescriptor) {
  const ffikit::lessons::TempDir dir;
  const std::string path = dir.write("data", "hello");
  check::Session session;
  // SAFETY: the path is NUL-terminated; this test owns and closes fd.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  {
    const ffikit::bug_zoo::borrowed::View view(fd, 5);
    EXPECT_NE(view.data(), nullptr);
  }
  struct stat status {};
  // SAFETY: status is live; the caller still owns fd.
  EXPECT_EQ(::fstat(fd, &status), 0) << "the view closed the caller's descriptor";
  ::close(fd);
  session.disarm();
  for (const check::Finding& finding : session.report().violations) {
    ADD_FAILURE() << check::describe(finding) << '\n' << session.trace_text();
  }
}

}  // namespace
}  // namespace zoo13
