#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"
#include "entry.hpp"

namespace zoo01 {
namespace {

namespace check = ffikit::check;
using ffikit::bug_zoo::empty_file::load;

TEST(Zoo01EmptyFile, EmptyFileLoadsAsEmptyWithoutMmap) {
  const ffikit::lessons::TempDir dir;
  const std::string path = dir.write("empty", "");
  std::string out = "stale";
  check::Session session;
  const int error = load(path.c_str(), out);
  session.disarm();
  EXPECT_EQ(error, 0) << "an empty file is not an error: " << std::strerror(error);
  EXPECT_EQ(out, "");
  EXPECT_EQ(session.report().calls_of(check::Function::mmap), 0U)
      << session.trace_text();
}

TEST(Zoo01EmptyFile, NonEmptyFileIsCopied) {
  const ffikit::lessons::TempDir dir;
  std::string out;
  EXPECT_EQ(load(dir.write("three", "abc").c_str(), out), 0);
  EXPECT_EQ(out, "abc");
}

}  // namespace
}  // namespace zoo01
