#include "ffikit/stage3_callback/failure.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

using ffikit::stage3::describe;
using ffikit::stage3::Failure;
using ffikit::stage3::printable_path;
using ffikit::stage3::throw_failure;

using namespace std::string_literals;

TEST(PrintablePath, PlainPathIsUnchanged) {
  EXPECT_EQ(printable_path("/etc/motd"), "/etc/motd");
}

TEST(PrintablePath, InteriorNulIsShownNotTruncated) {
  EXPECT_EQ(printable_path("a\0b"s), "a\\0b");
}

TEST(PrintablePath, ControlAndHighBytesAreEscapedInHex) {
  EXPECT_EQ(printable_path("x\ny\x7f\xff"s), "x\\x0ay\\x7f\\xff");
}

TEST(PrintablePath, BackslashIsDoubledSoEscapesAreUnambiguous) {
  EXPECT_EQ(printable_path("a\\0b"), "a\\\\0b");
}

TEST(Describe, NamesOperationPathAndReason) {
  EXPECT_EQ(describe("open", "/etc/mot", {ENOENT, std::system_category()}),
            "open(/etc/mot): No such file or directory");
}

TEST(Failure, EmptyFailureIsFalse) {
  EXPECT_FALSE(Failure{});
  EXPECT_TRUE((Failure{"open", {}}));
}

TEST(ThrowFailure, ThrowsSystemErrorWithTheSameText) {
  try {
    throw_failure({"mmap", {ENODEV, std::system_category()}}, "/dev/null");
    FAIL() << "throw_failure returned";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), std::error_code(ENODEV, std::system_category()));
    EXPECT_STREQ(error.what(), "mmap(/dev/null): No such device");
  }
}
