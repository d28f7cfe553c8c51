#include "ffikit/stage2_raii/file_descriptor.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <climits>
#include <string>
#include <type_traits>
#include <utility>

#include "ffikit/test_support/temp_dir.hpp"

using ffikit::stage2::FileDescriptor;
using ffikit::stage2::open_read_only;
using ffikit::stage2::status_of;
using ffikit::test_support::TempDir;

namespace {

bool is_open_descriptor(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

std::error_code errno_code(int value) {
  return {value, std::system_category()};
}

}  // namespace

static_assert(!std::is_copy_constructible_v<FileDescriptor>);
static_assert(!std::is_copy_assignable_v<FileDescriptor>);
static_assert(std::is_nothrow_move_constructible_v<FileDescriptor>);
static_assert(std::is_nothrow_move_assignable_v<FileDescriptor>);
static_assert(std::is_nothrow_destructible_v<FileDescriptor>);

TEST(FileDescriptor, DefaultOwnsNothing) {
  const FileDescriptor fd;
  EXPECT_EQ(fd.get(), -1);
  EXPECT_FALSE(fd.is_open());
  EXPECT_FALSE(static_cast<bool>(fd));
}

TEST(FileDescriptor, AdoptingNegativeValueOwnsNothing) {
  FileDescriptor fd(-7);
  EXPECT_EQ(fd.get(), -1);
  EXPECT_FALSE(fd.close());
}

// sentry-native #1924 tested `fd > 0` and so leaked descriptor 0.
TEST(FileDescriptor, DescriptorZeroIsOwned) {
  FileDescriptor fd(0);
  EXPECT_TRUE(fd.is_open());
  EXPECT_EQ(fd.get(), 0);
  // Hand it back rather than close the test's real standard input.
  EXPECT_EQ(fd.release(), 0);
}

TEST(FileDescriptor, OpenSetsCloseOnExec) {
  TempDir dir;
  std::error_code error;
  const FileDescriptor fd = open_read_only(dir.write("f", "x"), error);
  ASSERT_FALSE(error);
  EXPECT_EQ(::fcntl(fd.get(), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  EXPECT_EQ(::fcntl(fd.get(), F_GETFL) & O_ACCMODE, O_RDONLY);
}

TEST(FileDescriptor, ExtraFlagsAreAdded) {
  TempDir dir;
  std::error_code error;
  const FileDescriptor fd =
      open_read_only(dir.write("f", "x"), error, O_NONBLOCK);
  ASSERT_FALSE(error);
  EXPECT_EQ(::fcntl(fd.get(), F_GETFL) & O_NONBLOCK, O_NONBLOCK);
}

TEST(FileDescriptor, MissingFileReportsEnoent) {
  TempDir dir;
  std::error_code error;
  const FileDescriptor fd = open_read_only(dir.join("missing"), error);
  EXPECT_EQ(error, errno_code(ENOENT));
  EXPECT_FALSE(fd.is_open());
}

TEST(FileDescriptor, InteriorNulRejectedWithoutOpeningThePrefix) {
  TempDir dir;
  const std::string prefix = dir.write("a", "the short name exists");
  std::string path = prefix;
  path += '\0';
  path += "b";
  std::error_code error;
  const FileDescriptor fd = open_read_only(path, error);
  EXPECT_EQ(error, errno_code(EINVAL));
  EXPECT_FALSE(fd.is_open());
}

// The kernel counts the terminator: PATH_MAX - 1 bytes reach open(2),
// PATH_MAX bytes are refused before it, with the errno it would give.
TEST(FileDescriptor, LongestPathReachesOpen) {
  std::string path = "/";
  while (path.size() + 2 <= PATH_MAX - 1) {
    path += "a/";
  }
  path.resize(PATH_MAX - 1, 'a');
  std::error_code error;
  const FileDescriptor fd = open_read_only(path, error);
  EXPECT_EQ(error, errno_code(ENOENT));
}

TEST(FileDescriptor, OverlongPathIsEnametoolongWithoutTruncation) {
  const std::string path(PATH_MAX, 'a');
  std::error_code error;
  const FileDescriptor fd = open_read_only(path, error);
  EXPECT_EQ(error, errno_code(ENAMETOOLONG));
  EXPECT_FALSE(fd.is_open());
}

TEST(FileDescriptor, SuccessClearsAStaleError) {
  TempDir dir;
  std::error_code error = errno_code(EIO);
  const FileDescriptor fd = open_read_only(dir.write("f", "x"), error);
  EXPECT_FALSE(error);
  EXPECT_TRUE(fd.is_open());
}

TEST(FileDescriptor, MoveLeavesSourceEmpty) {
  TempDir dir;
  std::error_code error;
  FileDescriptor source = open_read_only(dir.write("f", "x"), error);
  const int raw = source.get();
  FileDescriptor target(std::move(source));
  EXPECT_EQ(source.get(), -1);  // NOLINT(bugprone-use-after-move): the point.
  EXPECT_EQ(target.get(), raw);
  EXPECT_TRUE(is_open_descriptor(raw));
}

TEST(FileDescriptor, MoveAssignClosesThePreviousDescriptor) {
  TempDir dir;
  std::error_code error;
  FileDescriptor first = open_read_only(dir.write("a", "a"), error);
  FileDescriptor second = open_read_only(dir.write("b", "b"), error);
  const int first_raw = first.get();
  const int second_raw = second.get();
  first = std::move(second);
  EXPECT_EQ(first.get(), second_raw);
  EXPECT_EQ(second.get(), -1);  // NOLINT(bugprone-use-after-move)
  EXPECT_FALSE(is_open_descriptor(first_raw));
}

TEST(FileDescriptor, SelfMoveAssignKeepsTheDescriptor) {
  TempDir dir;
  std::error_code error;
  FileDescriptor fd = open_read_only(dir.write("f", "x"), error);
  const int raw = fd.get();
  FileDescriptor& alias = fd;
  fd = std::move(alias);
  EXPECT_EQ(fd.get(), raw);
  EXPECT_TRUE(is_open_descriptor(raw));
}

TEST(FileDescriptor, SwapExchangesOwnership) {
  TempDir dir;
  std::error_code error;
  FileDescriptor a = open_read_only(dir.write("a", "a"), error);
  FileDescriptor b;
  const int raw = a.get();
  swap(a, b);
  EXPECT_EQ(a.get(), -1);
  EXPECT_EQ(b.get(), raw);
}

TEST(FileDescriptor, ReleaseGivesUpOwnershipWithoutClosing) {
  TempDir dir;
  std::error_code error;
  FileDescriptor fd = open_read_only(dir.write("f", "x"), error);
  const int raw = fd.release();
  EXPECT_EQ(fd.get(), -1);
  EXPECT_TRUE(is_open_descriptor(raw));
  ::close(raw);
}

TEST(FileDescriptor, DestructorCloses) {
  TempDir dir;
  std::error_code error;
  int raw = -1;
  {
    const FileDescriptor fd = open_read_only(dir.write("f", "x"), error);
    raw = fd.get();
  }
  EXPECT_FALSE(is_open_descriptor(raw));
}

TEST(FileDescriptor, CloseReportsEbadfOnceAndLeavesOwnerEmpty) {
  TempDir dir;
  std::error_code error;
  FileDescriptor fd = open_read_only(dir.write("f", "x"), error);
  ::close(fd.get());  // Someone else closed it behind the owner's back.
  EXPECT_EQ(fd.close(), errno_code(EBADF));
  EXPECT_FALSE(fd.is_open());
  EXPECT_FALSE(fd.close()) << "a second close must not reach the kernel";
}

TEST(FileDescriptor, StatusOfEmptyOwnerIsEbadfWithoutACall) {
  std::error_code error;
  const struct stat status = status_of(FileDescriptor{}, error);
  EXPECT_EQ(error, errno_code(EBADF));
  EXPECT_EQ(status.st_size, 0);
}

TEST(FileDescriptor, StatusOfReportsSizeAndType) {
  TempDir dir;
  std::error_code error;
  const FileDescriptor fd = open_read_only(dir.write("f", "12345"), error);
  const struct stat status = status_of(fd, error);
  ASSERT_FALSE(error);
  EXPECT_EQ(status.st_size, 5);
  EXPECT_TRUE(S_ISREG(status.st_mode));
}
