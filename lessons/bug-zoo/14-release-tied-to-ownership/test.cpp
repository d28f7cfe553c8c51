#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "entry.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo14 {
namespace {

namespace check = ffikit::check;
namespace zoo = ffikit::bug_zoo::ownership;

TEST(Zoo14ReleaseTiedToOwnership, BorrowedDescriptorMappingIsReleased) {
  const ffikit::lessons::TempDir dir;
  const std::string path = dir.write("data", "hello");
  check::Session session;
  // SAFETY: the path is NUL-terminated; this test owns and closes fd.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  {
    const zoo::MappedFile file(fd, 5, zoo::Descriptor::borrowed);
    EXPECT_NE(file.data(), nullptr);
  }
  ::close(fd);
  session.disarm();
  const check::Report report = session.report();
  for (const check::Finding& leak : report.leaks) {
    ADD_FAILURE() << check::describe(leak) << '\n' << session.trace_text();
  }
  for (const check::Finding& finding : report.violations) {
    ADD_FAILURE() << check::describe(finding) << '\n' << session.trace_text();
  }
  session.release_leaks();
}

TEST(Zoo14ReleaseTiedToOwnership, OwnedDescriptorIsClosed) {
  const ffikit::lessons::TempDir dir;
  const std::string path = dir.write("data", "hello");
  check::Session session;
  {
    // SAFETY: the path is NUL-terminated; the MappedFile owns the result.
    const zoo::MappedFile file(::open(path.c_str(), O_RDONLY | O_CLOEXEC), 5,
                               zoo::Descriptor::owned);
  }
  session.disarm();
  EXPECT_TRUE(session.report().leaks.empty()) << session.trace_text();
}

}  // namespace
}  // namespace zoo14
