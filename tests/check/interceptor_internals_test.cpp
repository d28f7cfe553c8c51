// The interceptors' internals that no program reaches on purpose: the
// reentry guard, the quarantine's bound and its refusal of ranges it does
// not own. These tests include the checker's private headers.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "ffikit/check/session.hpp"
#include "ffikit/test_support/mapping_probe.hpp"
#include "intercept/interposers.hpp"
#include "monitor.hpp"
#include "scratch_dir.hpp"

namespace ffikit::check {
namespace {

using ffikit::test_support::page_is_mapped;
using testing_support::ScratchDir;

constexpr std::size_t page = 4096;

void* map_file(int fd, std::size_t length) {
  // SAFETY: fd is open for reading and the file holds length bytes.
  return ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
}

// A sanitizer's or libc's own call made from inside the real function must
// pass straight through: counted or faulted twice, it would show findings
// the program never caused.
TEST(ReentryGuard, CallsMadeInsideTheRealCallPassThroughUncounted) {
  const ScratchDir dir;
  const std::string path = dir.file("f", page);
  // Fails the second open: the nested one must not be the one it hits.
  Session session(Options{Nesting::strict, false,
                          FaultPlan{Function::open, 2, EACCES, false}});
  const int fd = detail::on_open_at(
      Symbol::open, 0, AT_FDCWD, path.c_str(), O_RDONLY | O_CLOEXEC, 0U,
      // SAFETY: path is NUL-terminated; the descriptor is closed below.
      [&] { return ::open(path.c_str(), O_RDONLY | O_CLOEXEC); });
  ASSERT_GE(fd, 0);
  struct stat status {};
  EXPECT_EQ(detail::on_fstat(
                // SAFETY: buffer is the live struct stat passed below.
                [](int f, struct stat* buffer) { return ::fstat(f, buffer); },
                0, fd, &status),
            0);
  void* address =
      detail::on_mmap([&](void*, std::size_t, int, int, int,
                          off_t) { return map_file(fd, page); },
                      0, nullptr, page, PROT_READ, MAP_SHARED, fd, 0);
  ASSERT_NE(address, MAP_FAILED);
  EXPECT_EQ(detail::on_munmap(
                // SAFETY: exactly the mapping made above.
                [](void* a, std::size_t n) { return ::munmap(a, n); }, 0,
                address, page),
            0);
  // SAFETY: the descriptor opened above, closed once.
  EXPECT_EQ(detail::on_close([](int f) { return ::close(f); }, 0, fd), 0);
  session.disarm();
  const Report report = session.report();
  ASSERT_EQ(report.trace.size(), 5U);
  EXPECT_EQ(report.calls_of(Function::open), 1U);
  EXPECT_EQ(report.calls_of(Function::close), 1U);
  EXPECT_FALSE(report.fault_fired);
  EXPECT_TRUE(report.violations.empty());
  EXPECT_TRUE(report.leaks.empty());
}

// Failures the system reports (not injected) are traced with their errno,
// and a failed munmap releases nothing.
TEST(RealFailure, IsRecordedWithItsErrnoAndNotAsInjected) {
  Session session;
  struct stat status {};
  // SAFETY: each call fails before it can touch anything: a descriptor
  // that is never open, an unaligned address.
  EXPECT_EQ(::fstat(-1, &status), -1);
  EXPECT_EQ(::munmap(reinterpret_cast<void*>(std::uintptr_t{1}), page), -1);
  session.disarm();
  const Report report = session.report();
  ASSERT_EQ(report.trace.size(), 2U);
  EXPECT_EQ(report.trace[0].error, EBADF);
  EXPECT_EQ(report.trace[0].file_size, -1);  // nothing read back
  EXPECT_EQ(report.trace[1].error, EINVAL);
  for (const Event& event : report.trace) {
    EXPECT_TRUE(event.failed());
    EXPECT_FALSE(event.injected);
  }
  // The failed munmap is not a release of anything: no finding at all.
  EXPECT_TRUE(report.violations.empty());
  EXPECT_TRUE(report.leaks.empty());
}

// A program that passes open() a null path breaks open's contract (its
// declaration says nonnull), but the checker sits in front of the kernel
// and must still trace the call, not crash on the null. The real call is
// stood in for by what the kernel answers: EFAULT.
TEST(RealFailure, NullPathIsTracedAsNull) {
  Session session;
  const int fd =
      detail::on_open_at(Symbol::open, 0, AT_FDCWD, nullptr, O_RDONLY, 0U, [] {
        errno = EFAULT;
        return -1;
      });
  EXPECT_EQ(fd, -1);
  EXPECT_EQ(errno, EFAULT);
  session.disarm();
  const Report report = session.report();
  ASSERT_EQ(report.trace.size(), 1U);
  EXPECT_EQ(report.trace[0].path, "(null)");
  EXPECT_EQ(report.trace[0].error, EFAULT);
  EXPECT_FALSE(report.trace[0].injected);
}

class Quarantine : public ::testing::Test {
 protected:
  void TearDown() override {
    detail::set_quarantine_limit(std::numeric_limits<std::size_t>::max());
  }
  ScratchDir dir;
  std::string path = dir.file("f", 2 * page);
};

TEST_F(Quarantine, OnlyTheNewestRangesStayReserved) {
  detail::set_quarantine_limit(1);
  Session session(Options{Nesting::strict, true, std::nullopt});
  // SAFETY: path is NUL-terminated; closed below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  void* first = map_file(fd, page);
  void* second = map_file(fd, page);
  ASSERT_NE(first, MAP_FAILED);
  ASSERT_NE(second, MAP_FAILED);
  // SAFETY: each is exactly a mapping made above, released once.
  ASSERT_EQ(::munmap(first, page), 0);
  EXPECT_TRUE(page_is_mapped(first));  // parked PROT_NONE
  ASSERT_EQ(::munmap(second, page), 0);
  // The limit is one range: parking the second really released the first.
  EXPECT_FALSE(page_is_mapped(first));
  EXPECT_TRUE(page_is_mapped(second));
  // SAFETY: the descriptor opened above, closed once.
  EXPECT_EQ(::close(fd), 0);
  session.disarm();
  const Report report = session.report();
  EXPECT_TRUE(report.trace.at(3).quarantined);
  EXPECT_TRUE(report.trace.at(4).quarantined);
  EXPECT_TRUE(report.violations.empty());
}

// A quarantined range is the checker's reservation, not the program's: a
// MAP_FIXED_NOREPLACE mapping the program asks for at that address must
// not fail with EEXIST because of it.
TEST_F(Quarantine, MapFixedNoreplaceAtAQuarantinedAddressSucceeds) {
  Options options;
  options.quarantine = true;
  Session session(options);
  // SAFETY: path is NUL-terminated; closed below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  void* first = map_file(fd, page);
  ASSERT_NE(first, MAP_FAILED);
  // SAFETY: exactly the mapping made above, released once.
  ASSERT_EQ(::munmap(first, page), 0);
  ASSERT_TRUE(page_is_mapped(first));  // parked PROT_NONE
  // SAFETY: a fresh mapping at an address the program no longer uses.
  void* again =
      ::mmap(first, page, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0);
  EXPECT_EQ(again, first);
  if (again != MAP_FAILED) {
    // SAFETY: the mapping just made, released once.
    ::munmap(again, page);
  }
  // SAFETY: the descriptor opened above, closed once.
  EXPECT_EQ(::close(fd), 0);
  session.disarm();
  EXPECT_TRUE(session.report().violations.empty());
}

TEST_F(Quarantine, PartialReleasesAreQuarantinedToo) {
  Session session(Options{Nesting::strict, true, std::nullopt});
  // SAFETY: path is NUL-terminated; closed below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  auto* start = static_cast<unsigned char*>(map_file(fd, 2 * page));
  ASSERT_NE(static_cast<void*>(start), MAP_FAILED);
  // SAFETY: both halves of the mapping made above, each released once.
  ASSERT_EQ(::munmap(start, page), 0);
  EXPECT_TRUE(page_is_mapped(start));         // parked, though only half of it
  EXPECT_TRUE(page_is_mapped(start + page));  // still the program's
  ASSERT_EQ(::munmap(start + page, page), 0);
  // SAFETY: the descriptor opened above, closed once.
  EXPECT_EQ(::close(fd), 0);
  session.disarm();
  const Report report = session.report();
  EXPECT_TRUE(report.trace.at(2).quarantined);
  EXPECT_TRUE(report.trace.at(3).quarantined);
  // Neither munmap named the whole mapping (the stages' contract), but the
  // two released all of it: nothing is left to break nesting.
  std::vector<FindingKind> kinds;
  for (const Finding& finding : report.violations) {
    kinds.push_back(finding.kind);
  }
  EXPECT_EQ(kinds, (std::vector<FindingKind>{FindingKind::munmap_wrong_range,
                                             FindingKind::munmap_wrong_range}));
  EXPECT_TRUE(report.leaks.empty());
}

TEST(OpenMode, TmpfileOpenCarriesItsMode) {
  const ScratchDir dir;
  Session session;
  // SAFETY: a directory path; O_TMPFILE takes a mode. The file system may
  // refuse O_TMPFILE; the call is traced either way.
  const int fd =
      ::open(dir.path("").c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0640);
  if (fd >= 0) {
    // SAFETY: the descriptor just opened, closed once.
    ::close(fd);
  }
  session.disarm();
  const Report report = session.report();
  ASSERT_FALSE(report.trace.empty());
  EXPECT_EQ(report.trace[0].mode, 0640U);
  EXPECT_EQ(report.trace[0].flags & O_TMPFILE, O_TMPFILE);
}

}  // namespace
}  // namespace ffikit::check
