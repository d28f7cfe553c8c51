#include "ffikit/stage2_raii/file_descriptor.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <climits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ffikit/test_support/temp_dir.hpp"

using ffikit::stage2::BorrowedDescriptor;
using ffikit::stage2::FileDescriptor;
using ffikit::stage2::open_read_only;
using ffikit::stage2::status_of;
using ffikit::test_support::TempDir;

namespace {

bool is_open_descriptor(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

std::error_code errno_code(int value) {
  return {value, std::system_category()};
}

// What the ownership-bug handler under test was called with.
std::vector<int>& reported_ownership_bugs() {
  static std::vector<int> reported;
  return reported;
}

void record_ownership_bug(int fd) noexcept {
  reported_ownership_bugs().push_back(fd);
}

// Installs record_ownership_bug for one test and puts the previous handler
// back afterwards.
class RecordOwnershipBugs {
 public:
  RecordOwnershipBugs()
      : previous_(
            ffikit::stage2::set_ownership_bug_handler(&record_ownership_bug)) {
    reported_ownership_bugs().clear();
  }
  ~RecordOwnershipBugs() {
    static_cast<void>(ffikit::stage2::set_ownership_bug_handler(previous_));
  }
  RecordOwnershipBugs(const RecordOwnershipBugs&) = delete;
  RecordOwnershipBugs& operator=(const RecordOwnershipBugs&) = delete;
  RecordOwnershipBugs(RecordOwnershipBugs&&) = delete;
  RecordOwnershipBugs& operator=(RecordOwnershipBugs&&) = delete;

 private:
  ffikit::stage2::OwnershipBugHandler previous_;
};

std::string contents_of(const std::string& path) {
  std::error_code error;
  const FileDescriptor fd = open_read_only(path, error);
  std::string out(64, '\0');
  // SAFETY: out owns 64 writable bytes.
  const ssize_t got = ::read(fd.get(), out.data(), out.size());
  out.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return out;
}

}  // namespace

using ffikit::stage2::extra_flags_are_read_only;
static_assert(extra_flags_are_read_only(0));
static_assert(extra_flags_are_read_only(O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
static_assert(!extra_flags_are_read_only(O_WRONLY));
static_assert(!extra_flags_are_read_only(O_RDWR));
static_assert(!extra_flags_are_read_only(O_CREAT));
static_assert(!extra_flags_are_read_only(O_TMPFILE));
static_assert(!extra_flags_are_read_only(O_TRUNC));
static_assert(!extra_flags_are_read_only(O_APPEND));
static_assert(!extra_flags_are_read_only(O_EXCL));
static_assert(!extra_flags_are_read_only(O_PATH));

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

// The flags a caller may add are checked before open(2): O_CREAT once
// created a file whose mode came from whatever the stack held (6654, with
// setuid and setgid), and O_WRONLY made a "read-only" descriptor writable.
TEST(FileDescriptor, CreatingExtraFlagsAreEinvalAndCreateNothing) {
  TempDir dir;
  const std::string missing = dir.join("must-not-appear");
  for (const int flags : {O_CREAT, O_CREAT | O_WRONLY, O_CREAT | O_EXCL}) {
    std::error_code error;
    const FileDescriptor fd = open_read_only(missing, error, flags);
    EXPECT_EQ(error, errno_code(EINVAL)) << flags;
    EXPECT_FALSE(fd.is_open()) << flags;
    struct stat status {};
    EXPECT_NE(::stat(missing.c_str(), &status), 0)
        << "open(2) ran and created the file, flags " << flags;
  }
}

TEST(FileDescriptor, TmpfileExtraFlagIsEinval) {
  TempDir dir;
  std::error_code error;
  const FileDescriptor fd = open_read_only(dir.path(), error, O_TMPFILE);
  EXPECT_EQ(error, errno_code(EINVAL));
  EXPECT_FALSE(fd.is_open());
}

TEST(FileDescriptor, WritingExtraFlagsAreEinvalAndChangeNothing) {
  TempDir dir;
  const std::string file = dir.write("f", "keep me");
  for (const int flags : {O_WRONLY, O_RDWR, O_TRUNC, O_APPEND, O_RDWR | O_TRUNC,
                          O_PATH, O_ASYNC}) {
    std::error_code error;
    const FileDescriptor fd = open_read_only(file, error, flags);
    EXPECT_EQ(error, errno_code(EINVAL)) << flags;
    EXPECT_FALSE(fd.is_open()) << flags;
  }
  EXPECT_EQ(contents_of(file), "keep me") << "O_TRUNC reached open(2)";
}

TEST(FileDescriptor, EveryReadOnlyExtraFlagIsAccepted) {
  TempDir dir;
  const std::string file = dir.write("f", "x");
  std::error_code error;
  const FileDescriptor fd = open_read_only(
      file, error,
      O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_LARGEFILE);
  ASSERT_FALSE(error) << error.message();
  EXPECT_EQ(::fcntl(fd.get(), F_GETFL) & O_ACCMODE, O_RDONLY);
}

// O_NOCTTY is always passed: a session leader without a controlling
// terminal that opened a terminal without it would acquire one.
TEST(FileDescriptorDeathTest, OpeningATerminalNeverMakesItTheControllingOne) {
  EXPECT_EXIT(
      {
        // SAFETY: each call is checked; the child only reports by status.
        const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0 ||
            ::setsid() < 0) {
          std::_Exit(2);
        }
        // SAFETY: ptsname's static buffer is copied before any other call.
        const std::string terminal = ::ptsname(master);
        std::error_code error;
        const FileDescriptor fd = open_read_only(terminal, error);
        if (error) {
          std::_Exit(3);
        }
        // SAFETY: a constant path; with no controlling terminal this fails.
        const int controlling = ::open("/dev/tty", O_RDONLY | O_CLOEXEC);
        std::_Exit(controlling < 0 && errno == ENXIO ? 0 : 1);
      },
      testing::ExitedWithCode(0), "");
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

// Android's unique_fd keeps errno across its destructor; without that, an
// error a caller is about to report turns into the close's EBADF or EINTR.
TEST(FileDescriptor, DestructorKeepsErrno) {
  TempDir dir;
  std::error_code error;
  {
    const FileDescriptor fd = open_read_only(dir.write("f", "x"), error);
    ASSERT_TRUE(fd.is_open());
    errno = ENOENT;
  }
  EXPECT_EQ(errno, ENOENT);
}

TEST(FileDescriptor, MoveAssignmentKeepsErrno) {
  TempDir dir;
  std::error_code error;
  FileDescriptor target = open_read_only(dir.write("a", "a"), error);
  FileDescriptor source = open_read_only(dir.write("b", "b"), error);
  errno = EACCES;
  target = std::move(source);
  EXPECT_EQ(errno, EACCES);
}

TEST(FileDescriptor, DestructorKeepsErrnoEvenAfterAnOwnershipBug) {
  const RecordOwnershipBugs recording;
  TempDir dir;
  std::error_code error;
  {
    const FileDescriptor fd = open_read_only(dir.write("f", "x"), error);
    ::close(fd.get());  // The bug: someone else closed the owner's descriptor.
    errno = ENOSPC;
  }
  EXPECT_EQ(errno, ENOSPC);
}

// A close that fails with EBADF in a destructor means someone else closed
// the descriptor first, and the number may already belong to another
// thread's file: Chromium's ScopedFD and Android's fdsan stop the process.
TEST(FileDescriptorDeathTest, EbadfInTheDestructorAbortsByDefault) {
  TempDir dir;
  const std::string file = dir.write("f", "x");
  EXPECT_DEATH(
      {
        std::error_code error;
        const FileDescriptor fd = open_read_only(file, error);
        ::close(fd.get());  // The ownership bug under test.
      },
      "ffikit: close\\([0-9]+\\) in a destructor failed with EBADF");
}

TEST(FileDescriptorDeathTest, EbadfInAMoveAssignmentAbortsByDefault) {
  TempDir dir;
  const std::string file = dir.write("f", "x");
  EXPECT_DEATH(
      {
        std::error_code error;
        FileDescriptor fd = open_read_only(file, error);
        ::close(fd.get());  // The ownership bug under test.
        fd = FileDescriptor();
      },
      "in a destructor failed with EBADF");
}

TEST(FileDescriptor, InstalledHandlerIsToldTheNumberInsteadOfAborting) {
  const RecordOwnershipBugs recording;
  TempDir dir;
  std::error_code error;
  int raw = -1;
  {
    const FileDescriptor fd = open_read_only(dir.write("f", "x"), error);
    raw = fd.get();
    ::close(raw);
  }
  EXPECT_EQ(reported_ownership_bugs(), std::vector<int>{raw});
}

TEST(FileDescriptor, OnlyEbadfIsAnOwnershipBug) {
  const RecordOwnershipBugs recording;
  TempDir dir;
  std::error_code error;
  { const FileDescriptor fd = open_read_only(dir.write("f", "x"), error); }
  FileDescriptor moved_over = open_read_only(dir.write("g", "y"), error);
  moved_over = FileDescriptor();
  EXPECT_TRUE(reported_ownership_bugs().empty());
}

TEST(FileDescriptor, ExplicitCloseReportsEbadfToTheCallerNotTheHandler) {
  const RecordOwnershipBugs recording;
  TempDir dir;
  std::error_code error;
  FileDescriptor fd = open_read_only(dir.write("f", "x"), error);
  ::close(fd.get());
  EXPECT_EQ(fd.close(), errno_code(EBADF));
  EXPECT_TRUE(reported_ownership_bugs().empty());
}

// The line the default handler writes before it aborts; handlers that log
// and carry on can write the same.
TEST(FileDescriptor, OwnershipBugMessageNamesTheDescriptorAndTheBug) {
  std::array<int, 2> ends{};
  ASSERT_EQ(::pipe2(ends.data(), O_CLOEXEC), 0);
  const FileDescriptor read_end(ends[0]);
  FileDescriptor write_end(ends[1]);
  ffikit::stage2::write_ownership_bug(1234, write_end.get());
  ASSERT_FALSE(write_end.close());
  std::string text(512, '\0');
  const ssize_t got = ::read(read_end.get(), text.data(), text.size());
  ASSERT_GT(got, 0);
  text.resize(static_cast<std::size_t>(got));
  EXPECT_EQ(text,
            "ffikit: close(1234) in a destructor failed with EBADF: the "
            "descriptor was closed behind its owner's back (an ownership bug; "
            "its number may now belong to another file)\n");
}

TEST(FileDescriptor, SetHandlerReturnsThePreviousOneAndNullRestoresAbort) {
  using ffikit::stage2::abort_on_ownership_bug;
  using ffikit::stage2::set_ownership_bug_handler;
  EXPECT_EQ(set_ownership_bug_handler(&record_ownership_bug),
            &abort_on_ownership_bug);
  EXPECT_EQ(set_ownership_bug_handler(nullptr), &record_ownership_bug);
  EXPECT_EQ(set_ownership_bug_handler(nullptr), &abort_on_ownership_bug);
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

TEST(FileDescriptor, StatusOfBorrowedRawDescriptorLeavesItOpen) {
  TempDir dir;
  std::error_code error;
  FileDescriptor owner = open_read_only(dir.write("f", "123"), error);
  const int raw = owner.release();
  const struct stat status = status_of(BorrowedDescriptor(raw), error);
  ASSERT_FALSE(error);
  EXPECT_EQ(status.st_size, 3);
  EXPECT_TRUE(is_open_descriptor(raw));
  ::close(raw);
}

TEST(FileDescriptor, NegativeBorrowLendsNothing) {
  const BorrowedDescriptor nothing(-5);
  EXPECT_EQ(nothing.get(), -1);
  EXPECT_FALSE(nothing.is_open());
  std::error_code error;
  static_cast<void>(status_of(nothing, error));
  EXPECT_EQ(error, errno_code(EBADF));
}

// Looking before opening: a FIFO is seen as a FIFO without the open that
// would wait for a writer (or release one that waits in its own open).
TEST(PathStatus, FifoIsSeenWithoutOpeningIt) {
  TempDir dir;
  std::error_code error;
  const struct stat status = status_of(dir.make_fifo("fifo"), error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_TRUE(S_ISFIFO(status.st_mode));
}

TEST(PathStatus, SymbolicLinkIsFollowedAsOpenWould) {
  TempDir dir;
  const std::string target = dir.write("target", "12345");
  const std::string link = dir.join("link");
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  std::error_code error;
  const struct stat status = status_of(link, error);
  ASSERT_FALSE(error);
  EXPECT_TRUE(S_ISREG(status.st_mode));
  EXPECT_EQ(status.st_size, 5);
}

TEST(PathStatus, MissingPathIsEnoent) {
  TempDir dir;
  std::error_code error = errno_code(EIO);
  const struct stat status = status_of(dir.join("missing"), error);
  EXPECT_EQ(error, errno_code(ENOENT));
  EXPECT_EQ(status.st_mode, 0U);
}

TEST(PathStatus, InteriorNulIsEinvalWithoutLookingAtThePrefix) {
  TempDir dir;
  std::string path = dir.write("a", "the short name exists");
  path += std::string("\0b", 2);
  std::error_code error;
  static_cast<void>(status_of(path, error));
  EXPECT_EQ(error, errno_code(EINVAL));
}

TEST(PathStatus, OverlongPathIsEnametoolong) {
  std::error_code error;
  static_cast<void>(status_of(std::string(PATH_MAX, 'a'), error));
  EXPECT_EQ(error, errno_code(ENAMETOOLONG));
}
