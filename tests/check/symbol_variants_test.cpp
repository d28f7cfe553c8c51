// The checker sees the names a program really links against: this file is
// compiled twice, once with _FILE_OFFSET_BITS=64 (open64, openat64,
// fstat64, mmap64) and, with g++, once with -O2 -D_FORTIFY_SOURCE=2 (where
// open with non-constant flags becomes __open_2).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ffikit/check/session.hpp"
#include "scratch_dir.hpp"

namespace ffikit::check {
namespace {

using testing_support::ScratchDir;

std::vector<std::string> symbols(const Report& report) {
  std::vector<std::string> out;
  for (const Event& e : report.trace) {
    out.emplace_back(name(e.symbol));
  }
  return out;
}

volatile int read_only_flags = O_RDONLY | O_CLOEXEC;

TEST(SymbolVariants, EveryCallIsSeenUnderTheNameItLinksTo) {
  const ScratchDir dir;
  const std::string path = dir.file("f", 100);
  Session session;
  const int fd = ::open(path.c_str(), read_only_flags);
  ASSERT_GE(fd, 0);
  const int at = ::openat(AT_FDCWD, path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(at, 0);
  struct stat status {};
  ASSERT_EQ(::fstat(fd, &status), 0);
  void* mapped = ::mmap(nullptr, 100, PROT_READ, MAP_SHARED, fd, 0);
  ASSERT_NE(mapped, MAP_FAILED);
  EXPECT_EQ(::munmap(mapped, 100), 0);
  EXPECT_EQ(::close(at), 0);
  EXPECT_EQ(::close(fd), 0);
  session.disarm();
  const Report report = session.report();
#if defined(FFIKIT_EXPECT_FORTIFY)
  const std::vector<std::string> expected = {
      "__open_2", "openat", "fstat", "mmap", "munmap", "close", "close"};
#else
  const std::vector<std::string> expected = {
      "open64", "openat64", "fstat64", "mmap64", "munmap", "close", "close"};
#endif
  EXPECT_EQ(symbols(report), expected);
  EXPECT_EQ(report.calls_of(Function::open), 2U);
  EXPECT_EQ(report.calls_of(Function::mmap), 1U);
  EXPECT_TRUE(report.leaks.empty());
  EXPECT_TRUE(report.violations.empty());
}

}  // namespace
}  // namespace ffikit::check
