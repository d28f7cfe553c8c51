// Lesson 2's grader: a move-only descriptor owner. The kit's leak listener
// also fails any test that ends with a descriptor still open, and the
// checker makes close fail to show what the owner does then.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <utility>

#include "ffikit/check/fault.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"
#include "lesson02.hpp"

namespace {

using lesson02::FileDescriptor;

bool descriptor_is_open(int fd) {
  // SAFETY: F_GETFD only queries; EBADF means nothing is open at fd.
  return ::fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

int open_raw(const std::string& path) {
  // SAFETY: path is NUL-terminated; the test hands the result to an owner.
  return ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
}

class Lesson02 : public testing::Test {
 protected:
  ffikit::lessons::TempDir dir_;
  std::string file_ = dir_.write("data", "abc");
};

using Task1Ownership = Lesson02;

TEST_F(Task1Ownership, DestructorClosesTheDescriptor) {
  int raw = -1;
  {
    FileDescriptor fd(open_raw(file_));
    raw = fd.get();
    ASSERT_GE(raw, 0);
  }
  EXPECT_FALSE(descriptor_is_open(raw));
}

TEST_F(Task1Ownership, MoveConstructionLeavesTheSourceEmpty) {
  FileDescriptor first(open_raw(file_));
  const int raw = first.get();
  FileDescriptor second(std::move(first));
  EXPECT_EQ(second.get(), raw);
  EXPECT_EQ(first.get(), -1);  // NOLINT(bugprone-use-after-move)
  EXPECT_FALSE(first.is_open());
}

TEST_F(Task1Ownership, MoveAssignmentClosesTheOldDescriptor) {
  FileDescriptor target(open_raw(file_));
  const int old = target.get();
  FileDescriptor source(open_raw(file_));
  const int moved = source.get();
  target = std::move(source);
  EXPECT_EQ(target.get(), moved);
  EXPECT_EQ(source.get(), -1);  // NOLINT(bugprone-use-after-move)
  EXPECT_FALSE(descriptor_is_open(old));
}

TEST_F(Task1Ownership, SelfMoveAssignmentKeepsTheDescriptor) {
  FileDescriptor fd(open_raw(file_));
  const int raw = fd.get();
  FileDescriptor& same = fd;
  fd = std::move(same);
  EXPECT_EQ(fd.get(), raw) << "moving an owner onto itself must keep it";
  EXPECT_TRUE(descriptor_is_open(raw));
}

TEST_F(Task1Ownership, ReleaseGivesUpOwnershipWithoutClosing) {
  FileDescriptor fd(open_raw(file_));
  const int raw = fd.release();
  EXPECT_EQ(fd.get(), -1);
  EXPECT_TRUE(descriptor_is_open(raw));
  ::close(raw);
}

using Task2Close = Lesson02;

TEST_F(Task2Close, CloseSucceedsOnceAndEmptiesTheOwner) {
  FileDescriptor fd(open_raw(file_));
  const int raw = fd.get();
  EXPECT_FALSE(fd.close());
  EXPECT_EQ(fd.get(), -1);
  EXPECT_FALSE(descriptor_is_open(raw));
  EXPECT_FALSE(fd.close()) << "closing an empty owner reports nothing";
}

TEST_F(Task2Close, CloseReportsEbadfAndDoesNotRetry) {
  // An owner of a number that is not open: close must fail with EBADF once.
  int raw = open_raw(file_);
  ::close(raw);
  FileDescriptor fd(raw);
  const std::error_code error = fd.close();
  EXPECT_EQ(error, std::error_code(EBADF, std::system_category()));
  EXPECT_EQ(fd.get(), -1) << "the owner must be empty even after a failure";
}

// The checker fails close(2) on purpose. Linux has released the descriptor
// even so, which is why a retry is a bug: it closes a number that may
// already be someone else's (the checker reports it as a double close).
class Task2CloseFaults : public Lesson02 {
 protected:
  // Opens, closes through the owner with @p fault injected, and checks that
  // close ran once, was reported, and left nothing behind.
  void close_with(const char* fault, int expected) {
    namespace check = ffikit::check;
    check::Session session({.fault = check::parse_fault(fault)});
    FileDescriptor fd(open_raw(file_));
    ASSERT_TRUE(fd.is_open());
    const std::error_code error = fd.close();
    session.disarm();
    const check::Report report = session.report();
    EXPECT_EQ(error, std::error_code(expected, std::system_category()))
        << "close() must report the errno of the failed close";
    EXPECT_EQ(fd.get(), -1) << "the owner must be empty after a failed close";
    EXPECT_EQ(report.calls_of(check::Function::close), 1U)
        << "close must be called exactly once, never retried\n"
        << session.trace_text();
    for (const check::Finding& finding : report.violations) {
      ADD_FAILURE() << check::describe(finding) << '\n'
                    << session.trace_text();
    }
  }
};

TEST_F(Task2CloseFaults, EintrIsReportedOnceAndNeverRetried) {
  close_with("close:1:EINTR", EINTR);
}

TEST_F(Task2CloseFaults, EioIsReportedOnceAndTheOwnerEmpties) {
  close_with("close:1:EIO", EIO);
}

using Task3Open = Lesson02;

TEST_F(Task3Open, OpensReadOnlyAndCloseOnExec) {
  std::error_code error;
  FileDescriptor fd = lesson02::open_read_only(file_, error);
  ASSERT_FALSE(error) << error.message();
  ASSERT_TRUE(fd.is_open());
  EXPECT_EQ(::fcntl(fd.get(), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  EXPECT_EQ(::fcntl(fd.get(), F_GETFL) & O_ACCMODE, O_RDONLY);
  EXPECT_EQ(lesson02::read_only_flags(), O_RDONLY | O_CLOEXEC);
}

TEST_F(Task3Open, MissingFileReportsEnoent) {
  std::error_code error;
  FileDescriptor fd = lesson02::open_read_only(dir_.file("absent"), error);
  EXPECT_EQ(error, std::error_code(ENOENT, std::system_category()));
  EXPECT_FALSE(fd.is_open());
}

TEST_F(Task3Open, InteriorNulIsEinvalNotAShorterPath) {
  // "data\0zzz" would open "data" if the NUL reached open(2).
  std::string path = file_;
  path += std::string("\0zzz", 4);
  std::error_code error;
  FileDescriptor fd = lesson02::open_read_only(path, error);
  EXPECT_EQ(error, std::error_code(EINVAL, std::system_category()));
  EXPECT_FALSE(fd.is_open());
}

TEST_F(Task3Open, StringViewPathEndsWhereTheViewEnds) {
  // A string_view need not end in a NUL: passing .data() to open(2) reads
  // on to the next NUL and opens "data.bak" instead of "data".
  const std::string longer = dir_.write("data.bak", "a longer backup");
  const std::string_view path(longer.data(), longer.size() - 4);
  std::error_code error;
  FileDescriptor fd = lesson02::open_read_only(path, error);
  ASSERT_FALSE(error) << error.message();
  struct stat opened {};
  struct stat wanted {};
  ASSERT_EQ(::fstat(fd.get(), &opened), 0);
  ASSERT_EQ(::stat(file_.c_str(), &wanted), 0);
  EXPECT_EQ(opened.st_ino, wanted.st_ino)
      << "opened " << (opened.st_size == 15 ? "data.bak" : "another file")
      << " instead of " << file_;
}

}  // namespace
