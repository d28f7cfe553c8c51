// The checker under threads, in process: eight threads open, fstat and
// close at once, twenty sessions in a row. A release reaches the ledger
// before the real close, so no thread's open can be handed a number the
// ledger still holds, and no run may show a single false finding.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "ffikit/check/session.hpp"
#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "scratch_dir.hpp"
#include "stress_scale.hpp"

namespace ffikit::check {
namespace {

using stress::scaled;
using testing_support::ScratchDir;

constexpr std::size_t thread_count = 8;

// Runs @p body(thread) on eight threads released together.
template <class Body>
void on_eight_threads(Body&& body) {
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      while (!go.load()) {
        std::this_thread::yield();
      }
      body(t);
    });
  }
  go.store(true);
  for (std::thread& thread : threads) {
    thread.join();
  }
}

std::string findings_text(const Report& report) {
  std::string out;
  for (const Finding& f : report.violations) {
    out += describe(f) + '\n';
  }
  for (const Finding& f : report.leaks) {
    out += describe(f) + '\n';
  }
  return out;
}

TEST(CheckerUnderThreads, RawOpenFstatCloseGivesNoFalseFinding) {
  const ScratchDir dir;
  const std::string path = dir.file("shared", 4096);
  const std::size_t per_thread = scaled(20000);
  const std::size_t runs = scaled(20) < 2 ? 2 : scaled(20);
  for (std::size_t run = 0; run < runs; ++run) {
    std::atomic<std::size_t> failures{0};
    Session session;
    on_eight_threads([&](std::size_t) {
      for (std::size_t i = 0; i < per_thread; ++i) {
        // SAFETY: a NUL-terminated path; the descriptor is closed below.
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat status {};
        // SAFETY: fd was just opened; status is a live struct stat.
        if (fd < 0 || ::fstat(fd, &status) != 0 || ::close(fd) != 0) {
          ++failures;
        }
      }
    });
    session.disarm();
    const Report report = session.report();
    ASSERT_EQ(failures.load(), 0U);
    ASSERT_TRUE(report.violations.empty() && report.leaks.empty())
        << "run " << run << ":\n"
        << findings_text(report);
    EXPECT_EQ(report.calls_of(Function::open), thread_count * per_thread);
    EXPECT_EQ(report.calls_of(Function::close), thread_count * per_thread);
    // Bounded: the trace keeps its last events and counts the rest.
    EXPECT_EQ(report.trace.size() + report.dropped_events,
              3 * thread_count * per_thread);
    EXPECT_EQ(report.overflow, 0U);
  }
}

TEST(CheckerUnderThreads, StageTwoOwnersGiveNoFalseFinding) {
  const ScratchDir dir;
  const std::string path = dir.file("shared", 4096);
  const std::size_t per_thread = scaled(5000);
  Session session;
  std::atomic<std::size_t> failures{0};
  on_eight_threads([&](std::size_t) {
    for (std::size_t i = 0; i < per_thread; ++i) {
      std::error_code error;
      stage2::FileDescriptor fd = stage2::open_read_only(path, error);
      if (error || fd.close()) {
        ++failures;
      }
    }
  });
  session.disarm();
  const Report report = session.report();
  EXPECT_EQ(failures.load(), 0U);
  EXPECT_TRUE(report.violations.empty() && report.leaks.empty())
      << findings_text(report);
  EXPECT_EQ(report.calls_of(Function::open), thread_count * per_thread);
}

}  // namespace
}  // namespace ffikit::check
