// Proof that the leak listener works: each test here leaks on purpose, and
// CTest expects the listener's failure message (see CMakeLists.txt). These
// tests are not discovered into the normal suite, where they would fail.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "ffikit/test_support/temp_dir.hpp"

using ffikit::test_support::TempDir;

namespace {
// Survives the test so that the leak is still there at OnTestEnd, and the
// TempDir is never removed from under it within the test.
TempDir* scratch = nullptr;
}  // namespace

TEST(LeakListenerSelfTest, LeaksADescriptor) {
  scratch = new TempDir;  // NOLINT(cppcoreguidelines-owning-memory)
  const std::string file = scratch->write("leaked-descriptor", "x");
  // SAFETY: deliberately never closed; this is the leak under test.
  EXPECT_GE(::open(file.c_str(), O_RDONLY | O_CLOEXEC), 0);
}

TEST(LeakListenerSelfTest, LeaksAMapping) {
  scratch = new TempDir;  // NOLINT(cppcoreguidelines-owning-memory)
  const std::string file = scratch->write("leaked-mapping", "x");
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  // SAFETY: deliberately never unmapped; the descriptor is closed so that
  // only the mapping is left behind.
  EXPECT_NE(::mmap(nullptr, 1, PROT_READ, MAP_SHARED, fd, 0), MAP_FAILED);
  ::close(fd);
}

TEST(LeakListenerSelfTest, CleanTestPasses) {
  TempDir dir;
  const std::string file = dir.write("clean", "x");
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ::close(fd);
}
