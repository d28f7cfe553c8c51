#include "ffikit/stage4_result/error.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <sstream>
#include <string>

#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

using ffikit::Error;
using namespace std::string_literals;

namespace {
std::error_code errno_code(int value) {
  return {value, std::system_category()};
}
}  // namespace

TEST(Error, CarriesOperationCodeAndPath) {
  const Error error("open", errno_code(ENOENT), "/etc/mot");
  EXPECT_EQ(error.operation(), "open");
  EXPECT_EQ(error.code(), errno_code(ENOENT));
  EXPECT_EQ(error.path(), "/etc/mot");
}

TEST(Error, MessageMatchesStageThreeText) {
  EXPECT_EQ(Error("open", errno_code(ENOENT), "/etc/mot").message(),
            "open(/etc/mot): No such file or directory");
}

TEST(Error, PathKeepsEveryByteAndMessageEscapesThem) {
  const Error error("open", errno_code(EINVAL), "a\0b"s);
  EXPECT_EQ(error.path().size(), 3U);
  EXPECT_EQ(error.message(), "open(a\\0b): Invalid argument");
}

TEST(Error, StreamsItsMessage) {
  std::ostringstream out;
  out << Error("mmap", errno_code(ENODEV), "/dev/null");
  EXPECT_EQ(out.str(), "mmap(/dev/null): No such device");
}

TEST(Error, EqualityComparesAllThreeParts) {
  const Error a("open", errno_code(ENOENT), "x");
  EXPECT_EQ(a, Error("open", errno_code(ENOENT), "x"));
  EXPECT_NE(a, Error("fstat", errno_code(ENOENT), "x"));
  EXPECT_NE(a, Error("open", errno_code(EACCES), "x"));
  EXPECT_NE(a, Error("open", errno_code(ENOENT), "y"));
}

TEST(ToError, CopiesTheFailureAndThePath) {
  const Error error =
      ffikit::stage4::to_error({"munmap", errno_code(EINVAL)}, "/some/file");
  EXPECT_EQ(error, Error("munmap", errno_code(EINVAL), "/some/file"));
}
