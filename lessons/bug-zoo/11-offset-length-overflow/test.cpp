#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <string>

#include "entry.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo11 {
namespace {

namespace check = ffikit::check;
namespace zoo = ffikit::bug_zoo::window;

class Zoo11OffsetLengthOverflow : public testing::Test {
 protected:
  Zoo11OffsetLengthOverflow() {
    // SAFETY: the path is NUL-terminated; closed by the destructor.
    fd_ = ::open(dir_.write("pages", std::string(2 * page_, 'w')).c_str(),
                 O_RDONLY | O_CLOEXEC);
  }
  ~Zoo11OffsetLengthOverflow() override { ::close(fd_); }
  Zoo11OffsetLengthOverflow(const Zoo11OffsetLengthOverflow&) = delete;
  Zoo11OffsetLengthOverflow& operator=(const Zoo11OffsetLengthOverflow&) =
      delete;

  // SAFETY: sysconf only reads a system constant.
  const std::size_t page_ = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  ffikit::lessons::TempDir dir_;
  int fd_ = -1;
};

TEST_F(Zoo11OffsetLengthOverflow, WindowPastTheEndIsRefusedBeforeMmap) {
  // offset + length is 2^64, which wraps around to 0: "inside" the file.
  const std::size_t length = SIZE_MAX - page_ + 1;
  check::Session session;
  zoo::Window window;
  const int error = zoo::map_window(fd_, 2 * page_, page_, length, window);
  session.disarm();
  EXPECT_EQ(error, EINVAL) << "a window past the end must be refused";
  EXPECT_EQ(session.report().calls_of(check::Function::mmap), 0U)
      << "the bounds check let the window through to mmap\n"
      << session.trace_text();
}

TEST_F(Zoo11OffsetLengthOverflow, WindowInsideTheFileIsMapped) {
  zoo::Window window;
  ASSERT_EQ(zoo::map_window(fd_, 2 * page_, page_, page_, window), 0);
  // SAFETY: the range map_window returned.
  ::munmap(window.address, window.length);
}

}  // namespace
}  // namespace zoo11
