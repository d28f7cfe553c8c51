// FileMapping and open_for_contents: which files are mapped and which are
// read, what the caller's Options change, and how the contents move.
#include "ffikit/stage3_callback/file_mapping.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <thread>
#include <utility>

#include "ffikit/stage3_callback/opened_file.hpp"
#include "ffikit/test_support/resource_snapshot.hpp"
#include "ffikit/test_support/temp_dir.hpp"
#include "hostile_files.hpp"
#include "stage3_test_support.hpp"

using ffikit::hostile::read_with_read;
using ffikit::stage3::ContentsPlan;
using ffikit::stage3::ContentsRoute;
using ffikit::stage3::Failure;
using ffikit::stage3::FileMapping;
using ffikit::stage3::open_for_contents;
using ffikit::stage3::OpenedFile;
using ffikit::stage3::Options;
using ffikit::stage3::small_file_threshold;
using ffikit::test_support::leaked_between;
using ffikit::test_support::ResourceSnapshot;
using ffikit::test_support::TempDir;

using ffikit::stage3::testing_support::allowing_special_files;
using ffikit::stage3::testing_support::errno_code;

namespace {

void expect_failure(const Failure& failure, const char* operation, int error) {
  ASSERT_TRUE(failure) << "expected " << operation << " to fail";
  EXPECT_STREQ(failure.operation, operation);
  EXPECT_EQ(failure.code, errno_code(error)) << failure.code.message();
}

}  // namespace

TEST(FileMapping, SmallFileIsReadNotMapped) {
  TempDir dir;
  FileMapping contents;
  ASSERT_FALSE(FileMapping::open(dir.write("f", "small"), contents));
  EXPECT_FALSE(contents.is_mapped());
  EXPECT_EQ(contents.text(), "small");
  EXPECT_FALSE(contents.close());
}

TEST(FileMapping, FileOfTheThresholdIsMapped) {
  TempDir dir;
  const std::string content(small_file_threshold, 'x');
  FileMapping contents;
  ASSERT_FALSE(FileMapping::open(dir.write("f", content), contents));
  EXPECT_TRUE(contents.is_mapped());
  EXPECT_EQ(contents.text(), content);
  EXPECT_FALSE(contents.close());
}

TEST(FileMapping, ThresholdZeroMapsEvenOneByte) {
  TempDir dir;
  Options options;
  options.read_below = 0;
  FileMapping contents;
  ASSERT_FALSE(FileMapping::open(dir.write("f", "1"), options, contents));
  EXPECT_TRUE(contents.is_mapped());
  EXPECT_EQ(contents.text(), "1");
}

TEST(FileMapping, EmptyFileIsReadAsNothing) {
  TempDir dir;
  FileMapping contents;
  ASSERT_FALSE(FileMapping::open(dir.write("e", ""), contents));
  EXPECT_FALSE(contents.is_mapped());
  EXPECT_TRUE(contents.bytes().empty());
}

TEST(FileMapping, ProcFileIsReadWhole) {
  const std::string expected = read_with_read("/proc/version");
  FileMapping contents;
  ASSERT_FALSE(FileMapping::open("/proc/version", contents));
  EXPECT_EQ(contents.text(), expected);
}

TEST(FileMapping, AdviceAndPopulateLeaveTheBytesAlone) {
  TempDir dir;
  const std::string content(3 * small_file_threshold, 'a');
  Options options;
  options.advice = ffikit::stage2::Advice::sequential;
  options.populate = true;
  FileMapping contents;
  ASSERT_FALSE(FileMapping::open(dir.write("f", content), options, contents));
  EXPECT_TRUE(contents.is_mapped());
  EXPECT_EQ(contents.text(), content);
}

TEST(FileMapping, AllowedFifoIsReadFromItsWriter) {
  TempDir dir;
  const std::string fifo = dir.make_fifo("fifo");
  std::thread writer([&] {
    // SAFETY: fifo is our own FIFO; this open waits for the reader below.
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    const std::string message(100000, 'w');  // more than a pipe holds
    std::size_t done = 0;
    while (done < message.size()) {
      // SAFETY: the range [done, size) of message is live.
      const ssize_t n =
          ::write(fd, message.data() + done, message.size() - done);
      ASSERT_GT(n, 0);
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
  });
  FileMapping contents;
  const Failure failure =
      FileMapping::open(fifo, allowing_special_files(), contents);
  writer.join();
  ASSERT_FALSE(failure) << failure.operation;
  EXPECT_EQ(contents.text(), std::string(100000, 'w'));
}

TEST(FileMapping, AllowedDeviceIsRead) {
  FileMapping contents;
  ASSERT_FALSE(
      FileMapping::open("/dev/null", allowing_special_files(), contents));
  EXPECT_TRUE(contents.bytes().empty());
}

TEST(FileMapping, EndlessDeviceStopsAtTheReadLimit) {
  Options options = allowing_special_files();
  options.read_limit = 1 << 16;
  FileMapping contents;
  expect_failure(FileMapping::open("/dev/zero", options, contents), "read",
                 EFBIG);
  EXPECT_TRUE(contents.bytes().empty());
}

TEST(FileMapping, ErrorLeavesTheOutParameterAlone) {
  TempDir dir;
  FileMapping contents;
  ASSERT_FALSE(FileMapping::open(dir.write("f", "kept"), contents));
  expect_failure(FileMapping::open(dir.join("missing"), contents), "open",
                 ENOENT);
  EXPECT_EQ(contents.text(), "kept");
}

TEST(FileMapping, MoveLeavesTheSourceEmpty) {
  TempDir dir;
  FileMapping source;
  ASSERT_FALSE(FileMapping::open(
      dir.write("f", std::string(small_file_threshold, 'm')), source));
  FileMapping target(std::move(source));
  EXPECT_TRUE(target.is_mapped());
  EXPECT_FALSE(source.is_mapped());     // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(source.bytes().empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_FALSE(source.close());         // NOLINT(bugprone-use-after-move)
}

TEST(FileMapping, MoveAssignmentReleasesWhatWasHeld) {
  TempDir dir;
  const ResourceSnapshot before = ResourceSnapshot::take();
  FileMapping held;
  ASSERT_FALSE(FileMapping::open(
      dir.write("big", std::string(small_file_threshold, 'b')), held));
  EXPECT_EQ(leaked_between(before, ResourceSnapshot::take()).size(), 2U)
      << "a mapping and its descriptor";
  FileMapping small;
  ASSERT_FALSE(FileMapping::open(dir.write("small", "s"), small));
  held = std::move(small);
  EXPECT_TRUE(leaked_between(before, ResourceSnapshot::take()).empty());
  EXPECT_EQ(held.text(), "s");
}

TEST(FileMapping, SelfMoveAssignmentKeepsTheContents) {
  TempDir dir;
  FileMapping contents;
  ASSERT_FALSE(FileMapping::open(
      dir.write("big", std::string(small_file_threshold, 's')), contents));
  FileMapping& alias = contents;
  contents = std::move(alias);
  EXPECT_TRUE(contents.is_mapped());
  EXPECT_EQ(contents.text().size(), small_file_threshold);
}

TEST(FileMapping, CloseReleasesBothAndEmpties) {
  TempDir dir;
  const ResourceSnapshot before = ResourceSnapshot::take();
  FileMapping contents;
  ASSERT_FALSE(FileMapping::open(
      dir.write("big", std::string(small_file_threshold, 'c')), contents));
  EXPECT_FALSE(contents.close());
  EXPECT_TRUE(contents.bytes().empty());
  EXPECT_TRUE(leaked_between(before, ResourceSnapshot::take()).empty());
}

TEST(OpenForContents, RegularFileIsOpenedWithoutBlocking) {
  TempDir dir;
  OpenedFile file;
  ASSERT_FALSE(open_for_contents(dir.write("f", "12345"), Options{}, file));
  EXPECT_EQ(file.plan, (ContentsPlan{ContentsRoute::read_small, 5, 0}));
  EXPECT_EQ(file.status.st_size, 5);
  // SAFETY: F_GETFL only reads the descriptor's flags.
  const int flags = ::fcntl(file.descriptor.get(), F_GETFL);
  EXPECT_EQ(flags & O_NONBLOCK, O_NONBLOCK);
  EXPECT_EQ(flags & O_ACCMODE, O_RDONLY);
}

TEST(OpenForContents, AllowedDeviceIsOpenedBlocking) {
  OpenedFile file;
  ASSERT_FALSE(open_for_contents("/dev/null", allowing_special_files(), file));
  EXPECT_EQ(file.plan.route, ContentsRoute::read_special);
  // SAFETY: F_GETFL only reads the descriptor's flags.
  EXPECT_EQ(::fcntl(file.descriptor.get(), F_GETFL) & O_NONBLOCK, 0);
}

TEST(OpenForContents, RefusalOpensNothing) {
  TempDir dir;
  const ResourceSnapshot before = ResourceSnapshot::take();
  OpenedFile file;
  expect_failure(open_for_contents(dir.path(), Options{}, file), "check",
                 EISDIR);
  expect_failure(open_for_contents(dir.make_fifo("p"), Options{}, file),
                 "check", ENODEV);
  EXPECT_FALSE(file.descriptor.is_open());
  EXPECT_TRUE(leaked_between(before, ResourceSnapshot::take()).empty());
}

TEST(OpenForContents, PathErrorsComeFromOpen) {
  TempDir dir;
  OpenedFile file;
  expect_failure(open_for_contents(dir.join("missing"), Options{}, file),
                 "open", ENOENT);
  expect_failure(
      open_for_contents(dir.write("plain", "x") + "/below", Options{}, file),
      "open", ENOTDIR);
  std::string with_nul = dir.write("real", "x");
  with_nul += std::string("\0tail", 5);
  expect_failure(open_for_contents(with_nul, Options{}, file), "open", EINVAL);
}
