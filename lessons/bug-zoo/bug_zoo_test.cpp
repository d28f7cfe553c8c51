// Every exhibit of the bug zoo: the buggy version shows its bug, the fixed
// version does not. Nesting and double releases are seen by the kit's
// checker (src/check).
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "bugs.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace {

namespace zoo = ffikit::bug_zoo;
namespace check = ffikit::check;

bool has_finding(const check::Report& report, check::FindingKind kind) {
  return std::any_of(
      report.violations.begin(), report.violations.end(),
      [kind](const check::Finding& f) { return f.kind == kind; });
}

class BugZoo : public testing::Test {
 protected:
  int open_file(const std::string& path) {
    // SAFETY: path is NUL-terminated; the test closes what it opens.
    return ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  }
  ffikit::lessons::TempDir dir_;
  std::string file_ = dir_.write("data", std::string(3 * 4096 + 10, 'x'));
};

using EmptyFile = BugZoo;

TEST_F(EmptyFile, BuggyMapsZeroBytesAndFailsWithEinval) {
  std::string out;
  EXPECT_EQ(zoo::buggy::load(dir_.write("empty", "").c_str(), out), EINVAL);
}

TEST_F(EmptyFile, FixedLoadsAnEmptyString) {
  std::string out = "stale";
  EXPECT_EQ(zoo::fixed::load(dir_.write("empty", "").c_str(), out), 0);
  EXPECT_EQ(out, "");
}

using MapFailedVsNull = BugZoo;

TEST_F(MapFailedVsNull, BuggyTakesADirectoryMappingFailureForSuccess) {
  const int fd = open_file(dir_.path());
  zoo::RawRegion region;
  EXPECT_EQ(zoo::buggy::map_region(fd, 4096, region), 0)
      << "the failure went unnoticed";
  EXPECT_EQ(region.address, MAP_FAILED) << "and the 'mapping' is address -1";
  ::close(fd);
}

TEST_F(MapFailedVsNull, FixedReportsEnodev) {
  const int fd = open_file(dir_.path());
  zoo::RawRegion region;
  EXPECT_EQ(zoo::fixed::map_region(fd, 4096, region), ENODEV);
  EXPECT_EQ(region.address, nullptr);
  ::close(fd);
}

// Runs @p body with descriptor 0 free, so that the next open returns 0,
// then puts standard input back.
template <class Body>
void with_stdin_closed(Body body) {
  const int saved = ::fcntl(0, F_DUPFD_CLOEXEC, 10);
  ::close(0);
  body();
  ::dup2(saved, 0);
  ::close(saved);
}

using DescriptorZero = BugZoo;

TEST_F(DescriptorZero, BuggyLeaksDescriptorZero) {
  with_stdin_closed([this] {
    std::int64_t size = 0;
    EXPECT_EQ(zoo::buggy::file_size(file_.c_str(), size), 0);
    EXPECT_NE(::fcntl(0, F_GETFD), -1)
        << "descriptor 0 was opened and never closed";
    ::close(0);
  });
}

TEST_F(DescriptorZero, FixedClosesDescriptorZero) {
  with_stdin_closed([this] {
    std::int64_t size = 0;
    EXPECT_EQ(zoo::fixed::file_size(file_.c_str(), size), 0);
    EXPECT_EQ(size, 3 * 4096 + 10);
    EXPECT_EQ(::fcntl(0, F_GETFD), -1);
  });
}

using CloseRetry = BugZoo;

TEST_F(CloseRetry, BuggyClosesTwiceAfterEintr) {
  check::Session session({.fault = check::parse_fault("close:1:EINTR")});
  const int fd = open_file(file_);
  static_cast<void>(zoo::buggy::close_fd(fd));
  session.disarm();
  EXPECT_EQ(session.report().calls_of(check::Function::close), 2U)
      << session.trace_text();
  EXPECT_TRUE(has_finding(session.report(), check::FindingKind::double_close))
      << session.trace_text();
}

TEST_F(CloseRetry, FixedClosesOnceAndCountsEintrAsClosed) {
  check::Session session({.fault = check::parse_fault("close:1:EINTR")});
  const int fd = open_file(file_);
  EXPECT_EQ(zoo::fixed::close_fd(fd), 0);
  session.disarm();
  EXPECT_EQ(session.report().calls_of(check::Function::close), 1U)
      << session.trace_text();
  EXPECT_TRUE(session.report().violations.empty()) << session.trace_text();
  EXPECT_TRUE(session.report().leaks.empty()) << session.trace_text();
}

using DefaultedMove = BugZoo;

TEST_F(DefaultedMove, BuggyUnmapsTheSameRangeTwice) {
  const int fd = open_file(file_);
  check::Session session;
  {
    zoo::DefaultedMoveRegion first(fd, 4096);
    zoo::DefaultedMoveRegion second(std::move(first));
  }
  session.disarm();
  ::close(fd);
  EXPECT_EQ(session.report().calls_of(check::Function::munmap), 2U)
      << session.trace_text();
  EXPECT_TRUE(has_finding(session.report(), check::FindingKind::double_munmap))
      << session.trace_text();
}

TEST_F(DefaultedMove, FixedUnmapsOnce) {
  const int fd = open_file(file_);
  check::Session session;
  {
    zoo::MovableRegion first(fd, 4096);
    zoo::MovableRegion second(std::move(first));
  }
  session.disarm();
  ::close(fd);
  EXPECT_EQ(session.report().calls_of(check::Function::munmap), 1U)
      << session.trace_text();
  EXPECT_TRUE(session.report().violations.empty()) << session.trace_text();
}

using MunmapLength = BugZoo;

TEST_F(MunmapLength, BuggyLeavesTheRestOfTheMappingBehind) {
  const int fd = open_file(file_);
  zoo::RawRegion region;
  check::Session session;
  ASSERT_EQ(zoo::fixed::map_region(fd, 3 * 4096 + 10, region), 0);
  EXPECT_EQ(zoo::buggy::unmap(region), 0) << "munmap itself reports success";
  session.disarm();
  EXPECT_TRUE(
      has_finding(session.report(), check::FindingKind::munmap_wrong_range))
      << session.trace_text();
  EXPECT_EQ(session.report().leaks.size(), 1U) << session.trace_text();
  ::munmap(region.address, region.length);  // clean up what the bug left
  ::close(fd);
}

TEST_F(MunmapLength, FixedUnmapsExactlyWhatWasMapped) {
  const int fd = open_file(file_);
  zoo::RawRegion region;
  ASSERT_EQ(zoo::fixed::map_region(fd, 3 * 4096 + 10, region), 0);
  EXPECT_EQ(zoo::fixed::unmap(region), 0);
  ::close(fd);
}

using MissingCloexec = BugZoo;

TEST_F(MissingCloexec, BuggyDescriptorIsInheritedByChildren) {
  const int fd = zoo::buggy::open_read_only(file_.c_str());
  EXPECT_EQ(::fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
  ::close(fd);
}

TEST_F(MissingCloexec, FixedDescriptorIsCloseOnExec) {
  const int fd = zoo::fixed::open_read_only(file_.c_str());
  EXPECT_EQ(::fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  ::close(fd);
}

using InteriorNul = BugZoo;

TEST_F(InteriorNul, BuggyOpensTheShorterPath) {
  const std::string path = file_ + std::string("\0.bak", 5);
  const int fd = zoo::buggy::open_path(path);
  EXPECT_GE(fd, 0) << "it opened '" << file_ << "' instead of refusing";
  ::close(fd);
}

TEST_F(InteriorNul, FixedRefusesWithEinval) {
  const std::string path = file_ + std::string("\0.bak", 5);
  errno = 0;
  EXPECT_EQ(zoo::fixed::open_path(path), -1);
  EXPECT_EQ(errno, EINVAL);
}

TEST(OffTTruncation, BuggyTurnsFourGibibytesAndTenIntoTen) {
  EXPECT_EQ(zoo::buggy::length32((std::int64_t{1} << 32) + 10),
            std::uint32_t{10});
}

TEST(OffTTruncation, FixedRefusesSizesThatDoNotFit) {
  EXPECT_EQ(zoo::fixed::length32((std::int64_t{1} << 32) + 10), std::nullopt);
  EXPECT_EQ(zoo::fixed::length32(-1), std::nullopt);
  EXPECT_EQ(zoo::fixed::length32(4096), std::uint32_t{4096});
}

}  // namespace
