// open and close are async-signal-safe, so a handler may call them; the
// checker then runs inside the handler. It must neither allocate nor wait
// for a lock the interrupted code on the same thread holds: a storm of
// signals whose handler opens and closes, while the interrupted thread
// allocates and makes watched calls of its own, must end with no crash, no
// deadlock and no false finding.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
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

// The handler's state must be global: a signal handler gets no argument.
// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables)
const char* handler_path = nullptr;
std::atomic<std::size_t> handled{0};
std::atomic<std::size_t> handler_failures{0};
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)

void open_and_close(int) {
  const int saved = errno;
  // SAFETY: open and close are async-signal-safe; the path is a constant
  // string set before the handler was installed.
  const int fd = ::open(handler_path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::close(fd) != 0) {
    handler_failures.fetch_add(1);
  }
  handled.fetch_add(1);
  errno = saved;
}

TEST(CheckerUnderSignals, HandlerOpensAndClosesWhileTheThreadAllocates) {
  const ScratchDir dir;
  const std::string path = dir.file("target", 100);
  handler_path = path.c_str();
  handled = 0;
  handler_failures = 0;
  struct sigaction action {};
  action.sa_handler = open_and_close;
  action.sa_flags = SA_RESTART;
  struct sigaction previous {};
  // SAFETY: installs a handler that only calls async-signal-safe functions;
  // the previous one is restored below.
  ASSERT_EQ(::sigaction(SIGUSR1, &action, &previous), 0);
  const std::size_t signals = scaled(20000);
  const std::size_t iterations = scaled(20000);
  std::atomic<bool> done{false};
  {
    Session session;
    const pthread_t target = ::pthread_self();
    std::thread storm([&] {
      for (std::size_t i = 0; i < signals && !done.load(); ++i) {
        // SAFETY: the target thread outlives this one (it joins it).
        ::pthread_kill(target, SIGUSR1);
        if (i % 16 == 0) {
          std::this_thread::yield();
        }
      }
    });
    std::size_t own_failures = 0;
    for (std::size_t i = 0; i < iterations; ++i) {
      // Allocation and watched calls, each of which a signal may interrupt.
      auto block = std::make_unique<std::vector<char>>(64 + i % 4096, 'x');
      std::string text(block->size(), 'y');
      // SAFETY: a NUL-terminated path; the descriptor is closed below.
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0 || ::close(fd) != 0) {
        ++own_failures;
      }
    }
    done.store(true);
    storm.join();
    session.disarm();
    const Report report = session.report();
    EXPECT_EQ(own_failures, 0U);
    EXPECT_EQ(handler_failures.load(), 0U);
    EXPECT_GT(handled.load(), 0U);
    EXPECT_TRUE(report.violations.empty()) << describe(report.violations.at(0));
    EXPECT_TRUE(report.leaks.empty());
  }
  // SAFETY: restores the handler saved above.
  ASSERT_EQ(::sigaction(SIGUSR1, &previous, nullptr), 0);
}

}  // namespace
}  // namespace ffikit::check
