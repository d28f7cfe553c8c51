// The race Android's fdsan documentation describes: thread A closes a
// descriptor twice; between the two closes thread B opens a file and is
// given the same number (POSIX hands out the lowest free one), so A's second
// close silently closes B's file, and the next open on any thread makes B
// read a stranger's file. Each step runs on its own thread, joined before
// the next starts, so the interleaving that is rare in production happens
// on every run, with no timing involved.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "byte_pattern.hpp"
#include "ffikit/stage2_raii/file_descriptor.hpp"

namespace ffikit::stress {
namespace {

// Runs @p step on a new thread and waits for it: the join orders it after
// everything before and before everything after.
template <class Step>
void on_its_own_thread(Step&& step) {
  std::thread thread(std::forward<Step>(step));
  thread.join();
}

class FdReuse : public testing::Test {
 protected:
  FdReuse()
      : first_(write_pattern(tree_, "first", pattern(10, 1))),
        second_(write_pattern(tree_, "second", pattern(20, 2))),
        third_(write_pattern(tree_, "third", pattern(30, 3))) {}

  static ino_t inode_of(const std::string& path) {
    struct stat status {};
    // SAFETY: path is NUL-terminated and status is a live buffer.
    EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
    return status.st_ino;
  }

  test_support::TempDir tree_;
  std::string first_;
  std::string second_;
  std::string third_;
};

TEST_F(FdReuse, RawDoubleCloseOnOneThreadClosesAnotherThreadsFile) {
  int stale = -1;
  on_its_own_thread([&] {
    // SAFETY: plain open of a file the fixture created; closed just below.
    stale = ::open(first_.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(stale, 0);
    // SAFETY: first close of a descriptor this thread owns.
    ASSERT_EQ(::close(stale), 0);
  });

  stage2::FileDescriptor victim;
  on_its_own_thread([&] {
    std::error_code error;
    victim = stage2::open_read_only(second_, error);
    ASSERT_FALSE(error) << error.message();
  });
  ASSERT_EQ(victim.get(), stale) << "the freed number is handed out again";

  int second_close = -1;
  on_its_own_thread([&] {
    // The defect under demonstration: a second close of a number this
    // thread no longer owns. The kernel cannot tell, and says yes.
    // SAFETY: deliberately unsound; the victim's owner is fixed up below.
    second_close = ::close(stale);
  });
  EXPECT_EQ(second_close, 0) << "the stray close succeeded: it closed the "
                                "victim's file, not an already closed one";

  stage2::FileDescriptor intruder;
  on_its_own_thread([&] {
    std::error_code error;
    intruder = stage2::open_read_only(third_, error);
    ASSERT_FALSE(error) << error.message();
  });
  ASSERT_EQ(intruder.get(), victim.get());

  std::error_code error;
  const struct stat seen = stage2::status_of(victim, error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_NE(seen.st_ino, inode_of(second_)) << "victim still sees its file";
  EXPECT_EQ(seen.st_ino, inode_of(third_))
      << "victim now reads the intruder's file";

  // Two owners now hold one number; only one may close it.
  static_cast<void>(victim.release());
  EXPECT_FALSE(intruder.close());
}

TEST_F(FdReuse, RawDoubleCloseWithNothingReopenedIsEbadf) {
  int stale = -1;
  on_its_own_thread([&] {
    // SAFETY: plain open of a file the fixture created; closed just below.
    stale = ::open(first_.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(stale, 0);
    // SAFETY: first close of a descriptor this thread owns.
    ASSERT_EQ(::close(stale), 0);
  });
  int result = 0;
  int saved_errno = 0;
  on_its_own_thread([&] {
    // SAFETY: stale is closed and nothing has been opened since, so this
    // close cannot hit anyone's descriptor; it shows the lucky case.
    result = ::close(stale);
    saved_errno = errno;
  });
  EXPECT_EQ(result, -1);
  EXPECT_EQ(saved_errno, EBADF);
}

TEST_F(FdReuse, OwnerMakesTheSecondCloseANoOpSoTheVictimKeepsItsFile) {
  stage2::FileDescriptor owner;
  int number = -1;
  on_its_own_thread([&] {
    std::error_code error;
    owner = stage2::open_read_only(first_, error);
    ASSERT_FALSE(error) << error.message();
    number = owner.get();
    EXPECT_FALSE(owner.close());
  });

  stage2::FileDescriptor victim;
  on_its_own_thread([&] {
    std::error_code error;
    victim = stage2::open_read_only(second_, error);
    ASSERT_FALSE(error) << error.message();
  });
  ASSERT_EQ(victim.get(), number);

  std::error_code second_close = std::make_error_code(std::errc::io_error);
  on_its_own_thread([&] { second_close = owner.close(); });
  EXPECT_FALSE(second_close) << "an empty owner closes nothing";
  EXPECT_FALSE(owner.is_open());

  std::error_code error;
  const struct stat seen = stage2::status_of(victim, error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_EQ(seen.st_ino, inode_of(second_));
  EXPECT_FALSE(victim.close());
}

}  // namespace
}  // namespace ffikit::stress
