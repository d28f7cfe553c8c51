// map_descriptor: a region of a descriptor someone else owns, checked like
// a whole file, with errors as values.
#include "ffikit/stage4_result/map_descriptor.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

#include "ffikit/test_support/temp_dir.hpp"

using ffikit::Error;
using ffikit::stage2::BorrowedDescriptor;
using ffikit::stage2::FileDescriptor;
using ffikit::stage2::MapAccess;
using ffikit::stage4::map_descriptor;
using ffikit::stage4::MapRequest;
using ffikit::test_support::TempDir;

namespace {

std::error_code errno_code(int value) {
  return {value, std::system_category()};
}

std::string digits(std::size_t size) {
  std::string out(size, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[i] = static_cast<char>('0' + i % 10);
  }
  return out;
}

FileDescriptor open_file(const std::string& path) {
  std::error_code error;
  FileDescriptor fd = ffikit::stage2::open_read_only(path, error);
  EXPECT_FALSE(error) << error.message();
  return fd;
}

MapRequest region(std::uint64_t offset, std::size_t length) {
  MapRequest request;
  request.offset = offset;
  request.length = length;
  return request;
}

}  // namespace

TEST(MapDescriptor, WholeFileByDefault) {
  TempDir dir;
  const FileDescriptor fd = open_file(dir.write("f", "whole file"));
  const auto mapped = map_descriptor(fd);
  ASSERT_TRUE(mapped.has_value()) << mapped.error();
  EXPECT_EQ(mapped->text(), "whole file");
}

TEST(MapDescriptor, RegionAtAnUnalignedOffset) {
  TempDir dir;
  const std::string content = digits(20000);
  const FileDescriptor fd = open_file(dir.write("f", content));
  const auto mapped = map_descriptor(fd, region(10000, 20));
  ASSERT_TRUE(mapped.has_value()) << mapped.error();
  EXPECT_EQ(mapped->text(), content.substr(10000, 20));
}

TEST(MapDescriptor, OffsetWithoutLengthMapsToTheEnd) {
  TempDir dir;
  const std::string content = digits(9000);
  const FileDescriptor fd = open_file(dir.write("f", content));
  MapRequest request;
  request.offset = 8990;
  const auto mapped = map_descriptor(fd, request);
  ASSERT_TRUE(mapped.has_value()) << mapped.error();
  EXPECT_EQ(mapped->text(), content.substr(8990));
}

// Borrowed: the caller's descriptor stays open, and the mapping outlives it.
TEST(MapDescriptor, BorrowedRawDescriptorStaysTheCallers) {
  TempDir dir;
  FileDescriptor owner = open_file(dir.write("f", "lent, not given"));
  const int raw = owner.release();
  const auto mapped = map_descriptor(BorrowedDescriptor(raw));
  ASSERT_TRUE(mapped.has_value()) << mapped.error();
  // SAFETY: raw is ours and still open; closed once.
  ASSERT_EQ(::close(raw), 0) << "map_descriptor closed a borrowed descriptor";
  EXPECT_EQ(mapped->text(), "lent, not given");
}

TEST(MapDescriptor, EmptyRegionsNeedNoMapping) {
  TempDir dir;
  const FileDescriptor empty = open_file(dir.write("e", ""));
  const auto nothing = map_descriptor(empty);
  ASSERT_TRUE(nothing.has_value()) << nothing.error();
  EXPECT_FALSE(nothing->is_mapped());
  const FileDescriptor full = open_file(dir.write("f", "abc"));
  const auto at_end = map_descriptor(full, region(3, 0));
  ASSERT_TRUE(at_end.has_value()) << at_end.error();
  EXPECT_TRUE(at_end->bytes().empty());
}

// Touching a mapped page past the end of a file raises SIGBUS: a region
// that reaches past the end is refused before mmap.
TEST(MapDescriptor, RegionPastTheEndIsRefused) {
  TempDir dir;
  const std::string path = dir.write("f", "abc");
  const FileDescriptor fd = open_file(path);
  const auto past = map_descriptor(fd, region(2, 2), path);
  ASSERT_FALSE(past.has_value());
  EXPECT_EQ(past.error(), Error("check", errno_code(EINVAL), path));
  const auto beyond = map_descriptor(fd, region(4, 1), path);
  ASSERT_FALSE(beyond.has_value());
  EXPECT_EQ(beyond.error(), Error("check", errno_code(EINVAL), path));
}

// memmap2 #48 and #144: an offset and length that wrap around must not be
// mapped at a small offset.
TEST(MapDescriptor, WrappingOffsetAndLengthAreRefused) {
  TempDir dir;
  const FileDescriptor fd = open_file(dir.write("f", "abc"));
  const auto wrapped = map_descriptor(fd, region(2, SIZE_MAX));
  ASSERT_FALSE(wrapped.has_value());
  EXPECT_EQ(wrapped.error().operation(), "check");
  EXPECT_EQ(wrapped.error().code(), errno_code(EINVAL));
}

TEST(MapDescriptor, DirectoryAndDeviceAreRefusedByTheCheck) {
  TempDir dir;
  const FileDescriptor directory = open_file(dir.path());
  const auto refused = map_descriptor(directory, {}, dir.path());
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error(), Error("check", errno_code(EISDIR), dir.path()));
  const FileDescriptor device = open_file("/dev/zero");
  const auto device_refused = map_descriptor(device);
  ASSERT_FALSE(device_refused.has_value());
  EXPECT_EQ(device_refused.error(),
            Error("check", errno_code(ENODEV),
                  "descriptor " + std::to_string(device.get())));
}

TEST(MapDescriptor, NothingLentIsEbadfWithoutACall) {
  const auto nothing = map_descriptor(BorrowedDescriptor(-1));
  ASSERT_FALSE(nothing.has_value());
  EXPECT_EQ(nothing.error(),
            Error("check", errno_code(EBADF), "descriptor -1"));
}

TEST(MapDescriptor, ClosedDescriptorIsFstatEbadf) {
  TempDir dir;
  FileDescriptor owner = open_file(dir.write("f", "x"));
  const int raw = owner.release();
  // SAFETY: our descriptor, closed once; the number is then stale.
  ASSERT_EQ(::close(raw), 0);
  const auto stale = map_descriptor(BorrowedDescriptor(raw), {}, "stale");
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error(), Error("fstat", errno_code(EBADF), "stale"));
}

TEST(MapDescriptor, CopyRequestGivesWritableBytesTheFileNeverSees) {
  TempDir dir;
  const std::string path = dir.write("f", "unchanged");
  const FileDescriptor fd = open_file(path);
  MapRequest request;
  request.options.access = MapAccess::copy;
  request.advice = ffikit::stage2::Advice::willneed;
  auto mapped = map_descriptor(fd, request);
  ASSERT_TRUE(mapped.has_value()) << mapped.error();
  mapped->writable_bytes()[0] = std::byte{'U'};
  EXPECT_EQ(mapped->text(), "Unchanged");
  std::string on_disk(9, '\0');
  // SAFETY: on_disk owns 9 writable bytes.
  ASSERT_EQ(::pread(fd.get(), on_disk.data(), 9, 0), 9);
  EXPECT_EQ(on_disk, "unchanged");
}

TEST(MapDescriptor, PopulateAndSequentialAdvice) {
  TempDir dir;
  const std::string content = digits(50000);
  const FileDescriptor fd = open_file(dir.write("f", content));
  MapRequest request;
  request.options.populate = true;
  request.advice = ffikit::stage2::Advice::sequential;
  const auto mapped = map_descriptor(fd, request);
  ASSERT_TRUE(mapped.has_value()) << mapped.error();
  EXPECT_EQ(mapped->text(), content);
}
