// fork while other threads are inside the checker: the fork handlers take
// the checker's lock around fork, so no child inherits it held, and the
// child's ledger starts with what it inherited. Two hundred children of a
// parent whose threads keep making watched calls must each finish their
// own watched calls and exit; a deadlock shows as a child still running
// when the parent stops waiting.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "ffikit/check/session.hpp"
#include "scratch_dir.hpp"
#include "stress_scale.hpp"

namespace ffikit::check {
namespace {

using stress::scaled;
using testing_support::ScratchDir;

// Waits for @p pid for at most @p limit. @return its status, or -1 if it is
// still running (then it is killed and reaped).
int wait_at_most(pid_t pid, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (std::chrono::steady_clock::now() < until) {
    // SAFETY: pid is an unreaped child of this process.
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  // SAFETY: the same child, still running.
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return -1;
}

TEST(CheckerUnderFork, ChildrenOfABusyMultithreadedParentNeverDeadlock) {
  const ScratchDir dir;
  const std::string path = dir.file("target", 100);
  const std::size_t children = scaled(200) < 10 ? 10 : scaled(200);
  Session session;
  std::atomic<bool> stop{false};
  std::vector<std::thread> busy;
  for (int t = 0; t < 4; ++t) {
    busy.emplace_back([&] {
      while (!stop.load()) {
        // SAFETY: a NUL-terminated path; the descriptor is closed below.
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
          ::close(fd);
        }
      }
    });
  }
  std::size_t hung = 0;
  std::size_t failed = 0;
  for (std::size_t i = 0; i < children; ++i) {
    // SAFETY: the child makes watched calls (the point of the test) and
    // leaves with _exit, never returning into the test.
    const pid_t pid = ::fork();
    if (pid == 0) {
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      const bool ok = fd >= 0 && ::close(fd) == 0;
      ::_exit(ok ? 0 : 1);
    }
    ASSERT_GT(pid, 0);
    const int status = wait_at_most(pid, std::chrono::seconds(10));
    if (status == -1) {
      ++hung;
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      ++failed;
    }
  }
  stop.store(true);
  for (std::thread& thread : busy) {
    thread.join();
  }
  session.disarm();
  EXPECT_EQ(hung, 0U);
  EXPECT_EQ(failed, 0U);
  const Report report = session.report();
  EXPECT_TRUE(report.violations.empty());
  EXPECT_TRUE(report.leaks.empty());
}

}  // namespace
}  // namespace ffikit::check
