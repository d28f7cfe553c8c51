// Lesson 1's grader: your declarations must agree with the system headers,
// and raw_file_size() must release its descriptor on every path (the
// checker makes fstat fail to reach the error path).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <string>

#include "ffikit/check/fault.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"
#include "lesson01.hpp"

namespace {

TEST(Task1Constants, MatchTheSystemHeaders) {
  EXPECT_EQ(lesson01::o_rdonly, O_RDONLY);
  EXPECT_EQ(lesson01::o_cloexec, O_CLOEXEC);
  EXPECT_EQ(lesson01::prot_read, PROT_READ);
  EXPECT_EQ(lesson01::map_shared, MAP_SHARED);
}

TEST(Task1Constants, MapFailedIsMinusOneNotNull) {
  EXPECT_EQ(lesson01::map_failed(), MAP_FAILED);
  EXPECT_NE(lesson01::map_failed(), nullptr);
}

TEST(Task2StatLayout, SizeAndAlignmentMatchStructStat) {
  EXPECT_EQ(sizeof(lesson01::stat_buffer), sizeof(struct stat));
  EXPECT_EQ(alignof(lesson01::stat_buffer), alignof(struct stat));
}

TEST(Task2StatLayout, EveryFieldSitsWhereTheKernelWritesIt) {
  using B = lesson01::stat_buffer;
  EXPECT_EQ(offsetof(B, st_mode), offsetof(struct stat, st_mode));
  EXPECT_EQ(offsetof(B, st_gid), offsetof(struct stat, st_gid));
  EXPECT_EQ(offsetof(B, st_rdev), offsetof(struct stat, st_rdev));
  EXPECT_EQ(offsetof(B, st_size), offsetof(struct stat, st_size));
  EXPECT_EQ(offsetof(B, st_blocks), offsetof(struct stat, st_blocks));
  EXPECT_EQ(offsetof(B, st_mtime_sec), offsetof(struct stat, st_mtim.tv_sec));
  EXPECT_EQ(offsetof(B, st_ctime_nsec), offsetof(struct stat, st_ctim.tv_nsec));
}

TEST(Task3RawFileSize, ReportsTheExactSizeOfARegularFile) {
  ffikit::lessons::TempDir dir;
  EXPECT_EQ(lesson01::raw_file_size(dir.write("five", "12345").c_str()), 5);
  EXPECT_EQ(lesson01::raw_file_size(dir.write("empty", "").c_str()), 0);
}

TEST(Task3RawFileSize, MissingFileIsMinusOneWithEnoent) {
  ffikit::lessons::TempDir dir;
  errno = 0;
  EXPECT_EQ(lesson01::raw_file_size(dir.file("absent").c_str()), -1);
  EXPECT_EQ(errno, ENOENT);
}

// The error path: fstat fails after open succeeded. EOVERFLOW is one of the
// errors fstat(2) documents for a descriptor.
TEST(Task3Lifetime, FailingFstatStillClosesTheDescriptor) {
  namespace check = ffikit::check;
  ffikit::lessons::TempDir dir;
  const std::string path = dir.write("five", "12345");
  check::Session session({.fault = check::parse_fault("fstat:1:EOVERFLOW")});
  errno = 0;
  const std::int64_t size = lesson01::raw_file_size(path.c_str());
  const int error = errno;
  session.disarm();
  const check::Report report = session.report();
  EXPECT_EQ(size, -1);
  EXPECT_EQ(error, EOVERFLOW) << "errno must be fstat's, saved before close";
  EXPECT_EQ(report.calls_of(check::Function::close), 1U)
      << session.trace_text();
  for (const check::Finding& leak : report.leaks) {
    ADD_FAILURE() << check::describe(leak) << "\n" << session.trace_text();
  }
  session.release_leaks();
}

}  // namespace
