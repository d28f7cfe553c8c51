// Stage 1's hand-written declarations are proven at compile time
// (src/stage1_raw/layout_check.cpp); these tests show that calls through them
// reach the real C functions and that the hand-written struct is filled where
// glibc's would be.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

#include "ffikit/stage1_raw/raw.hpp"
#include "ffikit/test_support/temp_dir.hpp"

namespace raw = ffikit::stage1;
using ffikit::test_support::TempDir;

TEST(Stage1Raw, HandWrittenFstatFillsTheSameFieldsAsGlibc) {
  TempDir dir;
  const std::string file = dir.write("seven", "7 bytes");
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);

  raw::stat_buffer hand{};
  struct stat system {};
  ASSERT_EQ(raw::fstat(fd, &hand), 0);
  ASSERT_EQ(::fstat(fd, &system), 0);
  ::close(fd);

  EXPECT_EQ(hand.st_size, 7);
  EXPECT_EQ(hand.st_size, system.st_size);
  EXPECT_EQ(hand.st_ino, system.st_ino);
  EXPECT_EQ(hand.st_dev, system.st_dev);
  EXPECT_EQ(hand.st_mode, system.st_mode);
  EXPECT_EQ(hand.st_mode & raw::s_ifmt, raw::s_ifreg);
  EXPECT_EQ(hand.st_nlink, system.st_nlink);
  EXPECT_EQ(hand.st_blksize, system.st_blksize);
  EXPECT_EQ(hand.st_mtime_sec, system.st_mtim.tv_sec);
  EXPECT_EQ(hand.st_mtime_nsec, system.st_mtim.tv_nsec);
}

TEST(Stage1Raw, HandWrittenFstatReportsEbadf) {
  raw::stat_buffer hand{};
  errno = 0;
  EXPECT_EQ(raw::fstat(-1, &hand), -1);
  EXPECT_EQ(errno, EBADF);
}

TEST(Stage1Raw, MapFailedIsAllOnesNotNull) {
  EXPECT_EQ(raw::map_failed(), MAP_FAILED);
  EXPECT_NE(raw::map_failed(), nullptr);
}

TEST(Stage1Raw, HandDeclaredMmapReturnsMapFailedWithErrno) {
  errno = 0;
  void* address =
      raw::mmap(nullptr, 4096, raw::prot_read, raw::map_shared, -1, 0);
  EXPECT_EQ(address, raw::map_failed());
  EXPECT_EQ(errno, EBADF);
}

TEST(Stage1Raw, HandDeclaredOpenAndCloseRoundTrip) {
  TempDir dir;
  const std::string file = dir.write("f", "x");
  const int fd = raw::open(file.c_str(), raw::o_rdonly | raw::o_cloexec);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(::fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  EXPECT_EQ(raw::close(fd), 0);
  errno = 0;
  EXPECT_EQ(raw::close(fd), -1);
  EXPECT_EQ(errno, EBADF);
}
