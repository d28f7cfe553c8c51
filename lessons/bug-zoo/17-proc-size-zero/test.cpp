#include <gtest/gtest.h>

#include <string>

#include "entry.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo17 {
namespace {

using ffikit::bug_zoo::proc_size::read_contents;

TEST(Zoo17ProcSizeZero, ProcFileWithSizeZeroIsRead) {
  std::string out;
  ASSERT_EQ(read_contents("/proc/self/status", out), 0);
  EXPECT_NE(out.find("Name:"), std::string::npos)
      << "/proc/self/status reports size 0 and was taken for empty; got "
      << out.size() << " bytes";
}

TEST(Zoo17ProcSizeZero, RegularFilesAreCopiedWhole) {
  const ffikit::lessons::TempDir dir;
  std::string out = "stale";
  EXPECT_EQ(read_contents(dir.write("empty", "").c_str(), out), 0);
  EXPECT_EQ(out, "");
  EXPECT_EQ(read_contents(dir.write("three", "abc").c_str(), out), 0);
  EXPECT_EQ(out, "abc");
}

}  // namespace
}  // namespace zoo17
