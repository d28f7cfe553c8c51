// A file replaced between the kit's look at it (fstatat) and its open: the
// decision is made again from fstat of the open descriptor. This binary
// wraps open(2) (-Wl,--wrap=open) so that the replacement happens exactly
// inside that window, every run, without timing.
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <string>

#include "ffikit/stage3_callback/file_mapping.hpp"
#include "ffikit/stage3_callback/opened_file.hpp"
#include "ffikit/test_support/temp_dir.hpp"

using ffikit::stage3::Failure;
using ffikit::stage3::FileMapping;
using ffikit::stage3::Options;
using ffikit::test_support::TempDir;

namespace {

// The swap to make at the next open(2) of `target`: rename `replacement`
// over it, so that open sees another file than fstatat saw.
struct PendingSwap {
  std::string target;
  std::string replacement;
  bool done = false;
};

PendingSwap& pending() {
  static PendingSwap swap;
  return swap;
}

}  // namespace

extern "C" int __real_open(const char* path, int flags, ...);
extern "C" int __wrap_open(const char* path, int flags, ...);

extern "C" int __wrap_open(const char* path, int flags, ...) {
  mode_t mode = 0;
  if ((flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE) {
    va_list arguments;
    va_start(arguments, flags);
    mode = va_arg(arguments, mode_t);
    va_end(arguments);
  }
  PendingSwap& swap = pending();
  if (!swap.done && !swap.target.empty() && swap.target == path) {
    swap.done = true;
    // SAFETY: both are NUL-terminated paths inside the test's directory.
    if (std::rename(swap.replacement.c_str(), swap.target.c_str()) != 0) {
      std::perror("rename");
    }
  }
  return __real_open(path, flags, mode);
}

namespace {

void arm(const std::string& target, const std::string& replacement) {
  pending() = {target, replacement, false};
}

std::error_code errno_code(int value) {
  return {value, std::system_category()};
}

}  // namespace

TEST(ReplacedFile, RegularFileReplacedByAFifoIsRefusedWithoutBlocking) {
  TempDir dir;
  const std::string path = dir.write("file", "regular when looked at");
  arm(path, dir.make_fifo("fifo"));
  FileMapping contents;
  const Failure failure = FileMapping::open(path, contents);
  EXPECT_TRUE(pending().done) << "open(2) was not reached through the wrap";
  ASSERT_TRUE(failure);
  EXPECT_STREQ(failure.operation, "check");
  EXPECT_EQ(failure.code, errno_code(ENODEV));
}

// The look finds nothing, so the open is tried (it will report the error
// if there is one); a directory appeared in between, and the second look
// refuses it.
TEST(ReplacedFile, DirectoryThatAppearsAfterTheLookIsRefused) {
  TempDir dir;
  const std::string path = dir.join("late");
  arm(path, dir.make_dir("directory"));
  FileMapping contents;
  const Failure failure = FileMapping::open(path, contents);
  ASSERT_TRUE(pending().done);
  ASSERT_TRUE(failure);
  EXPECT_STREQ(failure.operation, "check");
  EXPECT_EQ(failure.code, errno_code(EISDIR));
}

// The look found nothing; by the time of the open there is a file. The
// open is made anyway and the second look decides.
TEST(ReplacedFile, FileThatAppearsAfterTheLookIsRead) {
  TempDir dir;
  const std::string path = dir.join("late");
  arm(path, dir.write("elsewhere", "arrived late"));
  FileMapping contents;
  const Failure failure = FileMapping::open(path, contents);
  ASSERT_TRUE(pending().done);
  ASSERT_FALSE(failure) << failure.operation;
  EXPECT_EQ(contents.text(), "arrived late");
}

// A FIFO that the caller allows, swapped in after a look that saw a regular
// file, was opened without waiting: with no writer it reads as empty.
TEST(ReplacedFile, AllowedFifoSwappedInIsReadWithoutWaiting) {
  TempDir dir;
  const std::string path = dir.write("file", "regular when looked at");
  arm(path, dir.make_fifo("fifo"));
  Options options;
  options.read_special_files = true;
  FileMapping contents;
  const Failure failure = FileMapping::open(path, options, contents);
  ASSERT_TRUE(pending().done);
  ASSERT_FALSE(failure) << failure.operation << ": " << failure.code.message();
  EXPECT_TRUE(contents.bytes().empty());
}

TEST(ReplacedFile, RegularFileReplacedByASmallerOneGivesTheNewBytes) {
  TempDir dir;
  const std::string path =
      dir.write("file", std::string(ffikit::stage3::small_file_threshold, 'o'));
  arm(path, dir.write("smaller", "new"));
  FileMapping contents;
  ASSERT_FALSE(FileMapping::open(path, contents));
  EXPECT_FALSE(contents.is_mapped()) << "planned again from fstat: small";
  EXPECT_EQ(contents.text(), "new");
}
