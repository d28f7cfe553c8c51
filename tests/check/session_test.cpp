// The in-process session: one at a time, notes only while armed, and
// release_leaks() really giving back what a test leaked on purpose.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <stdio.h>

#include <cerrno>
#include <csignal>
#include <string>

#include <gtest/gtest.h>

#include "ffikit/check/session.hpp"
#include "ffikit/test_support/mapping_probe.hpp"
#include "scratch_dir.hpp"

#if defined(FFIKIT_COVERAGE_BUILD)
// The death test's child ends by abort(), which skips the coverage
// runtime's exit hook; the handler below writes the counters first.
extern "C" int __llvm_profile_write_file(void);
#endif

namespace ffikit::check {
namespace {

using testing_support::ScratchDir;

void write_coverage_then_abort(int /*signal*/) {
#if defined(FFIKIT_COVERAGE_BUILD)
  static_cast<void>(__llvm_profile_write_file());
#endif
  // abort() restores the default action and raises SIGABRT again once this
  // handler returns.
}

TEST(SessionDeathTest, SecondSessionWhileArmedAborts) {
  EXPECT_EXIT(
      {
        // SAFETY: installs a handler for this child process only.
        static_cast<void>(std::signal(SIGABRT, write_coverage_then_abort));
        const Session first;
        const Session second;
      },
      testing::KilledBySignal(SIGABRT),
      "ffikit-check: a Session is already armed; sessions cannot overlap");
}

TEST(Session, AnotherSessionMayFollowOnceTheFirstEnded) {
  { const Session first; }
  const Session second;
  EXPECT_TRUE(second.report().trace.empty());
}

TEST(Note, RecordedOnlyWhileArmed) {
  note("before the session");
  Session session;
  note("callback(12 bytes)");
  session.disarm();
  note("after disarm");
  const Report report = session.report();
  ASSERT_EQ(report.trace.size(), 1U);
  EXPECT_EQ(report.trace[0].kind, Event::Kind::note);
  EXPECT_EQ(session.trace_text(false), "callback(12 bytes)\n");
}

TEST(Session, ReleaseLeaksReallyClosesAndUnmaps) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 100);
  Session session;
  // SAFETY: path is NUL-terminated; no O_CREAT, so no mode.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  // SAFETY: a fresh read-only mapping of an open file, at an address the
  // kernel picks. Leaked on purpose.
  void* const mapping = ::mmap(nullptr, 100, PROT_READ, MAP_SHARED, fd, 0);
  ASSERT_NE(mapping, MAP_FAILED);
  session.disarm();
  ASSERT_EQ(session.report().leaks.size(), 2U);
  ASSERT_TRUE(ffikit::test_support::page_maps_file(mapping, path));
  session.release_leaks();
  errno = 0;
  // SAFETY: only asks whether fd is still open.
  EXPECT_EQ(::fcntl(fd, F_GETFD), -1);
  EXPECT_EQ(errno, EBADF);
  EXPECT_FALSE(ffikit::test_support::page_maps_file(mapping, path));
}

// The test closes its descriptor after disarming (unwatched) and opens
// another file, which the kernel gives the same number: release_leaks()
// must leave that stranger alone, and the report must not call it a leak.
TEST(Session, ReleaseLeaksNeverClosesAStrangerWithTheSameNumber) {
  const ScratchDir dir;
  const std::string watched = dir.file("watched", 100);
  const std::string stranger = dir.file("stranger", 200);
  Session session;
  // SAFETY: path is NUL-terminated; no O_CREAT, so no mode.
  const int fd = ::open(watched.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  session.disarm();
  // SAFETY: the descriptor opened above, closed once, unwatched.
  ASSERT_EQ(::close(fd), 0);
  // SAFETY: as above; the lowest free number is the one just closed.
  const int other = ::open(stranger.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_EQ(other, fd);
  EXPECT_TRUE(session.report().leaks.empty());
  session.release_leaks();
  // SAFETY: only asks whether the stranger is still open.
  EXPECT_GE(::fcntl(other, F_GETFD), 0);
  // SAFETY: the stranger, closed once by its owner.
  EXPECT_EQ(::close(other), 0);
}

// A stream leaked on purpose is closed as a stream (fclose), not through
// its descriptor behind the stream's back.
TEST(Session, ReleaseLeaksClosesALeakedStream) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", 100);
  Session session;
  FILE* stream = ::fopen(path.c_str(), "re");
  ASSERT_NE(stream, nullptr);
  // SAFETY: the stream opened above.
  const int fd = ::fileno(stream);
  session.disarm();
  const Report report = session.report();
  ASSERT_EQ(report.leaks.size(), 1U);
  EXPECT_EQ(report.leaks[0].kind, FindingKind::leaked_stream);
  session.release_leaks();
  errno = 0;
  // SAFETY: only asks whether fd is still open.
  EXPECT_EQ(::fcntl(fd, F_GETFD), -1);
  EXPECT_EQ(errno, EBADF);
}

}  // namespace
}  // namespace ffikit::check
