#include "ffikit/stage2_raii/mapped_region.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "ffikit/test_support/mapping_probe.hpp"
#include "ffikit/test_support/temp_dir.hpp"

using ffikit::stage2::FileDescriptor;
using ffikit::stage2::map_read_only;
using ffikit::stage2::MappedRegion;
using ffikit::stage2::open_read_only;
using ffikit::test_support::page_is_mapped;
using ffikit::test_support::TempDir;

namespace {

std::error_code errno_code(int value) {
  return {value, std::system_category()};
}

std::string as_string(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

struct OpenFile {
  FileDescriptor fd;
  std::size_t size;
};

OpenFile open_with(const TempDir& dir, const std::string& contents) {
  std::error_code error;
  FileDescriptor fd = open_read_only(dir.write("file", contents), error);
  EXPECT_FALSE(error) << error.message();
  return {std::move(fd), contents.size()};
}

}  // namespace

static_assert(!std::is_copy_constructible_v<MappedRegion>);
static_assert(!std::is_copy_assignable_v<MappedRegion>);
static_assert(std::is_nothrow_move_constructible_v<MappedRegion>);
static_assert(std::is_nothrow_move_assignable_v<MappedRegion>);
static_assert(std::is_nothrow_destructible_v<MappedRegion>);

TEST(MappedRegion, DefaultOwnsNothing) {
  MappedRegion region;
  EXPECT_FALSE(region.is_mapped());
  EXPECT_EQ(region.data(), nullptr);
  EXPECT_EQ(region.size(), 0U);
  EXPECT_TRUE(region.bytes().empty());
  EXPECT_FALSE(region.unmap());
}

TEST(MappedRegion, MapsExactlyTheFileBytes) {
  TempDir dir;
  const OpenFile file = open_with(dir, "mapped, not read");
  std::error_code error;
  const MappedRegion region = map_read_only(file.fd, file.size, error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_EQ(region.size(), file.size);
  EXPECT_EQ(as_string(region.bytes()), "mapped, not read");
}

TEST(MappedRegion, ZeroLengthIsEinvalFromTheKernel) {
  TempDir dir;
  const OpenFile file = open_with(dir, "");
  std::error_code error;
  const MappedRegion region = map_read_only(file.fd, 0, error);
  EXPECT_EQ(error, errno_code(EINVAL));
  EXPECT_FALSE(region.is_mapped());
}

TEST(MappedRegion, DirectoryIsEnodevFromTheKernel) {
  TempDir dir;
  std::error_code error;
  const FileDescriptor fd = open_read_only(dir.path(), error);
  ASSERT_FALSE(error);
  const MappedRegion region = map_read_only(fd, 4096, error);
  EXPECT_EQ(error, errno_code(ENODEV));
  EXPECT_FALSE(region.is_mapped());
}

TEST(MappedRegion, EmptyDescriptorIsEbadfWithoutACall) {
  std::error_code error;
  const MappedRegion region = map_read_only(FileDescriptor{}, 4096, error);
  EXPECT_EQ(error, errno_code(EBADF));
  EXPECT_FALSE(region.is_mapped());
}

TEST(MappedRegion, MoveLeavesSourceEmpty) {
  TempDir dir;
  const OpenFile file = open_with(dir, "abc");
  std::error_code error;
  MappedRegion source = map_read_only(file.fd, file.size, error);
  const std::byte* data = source.data();
  MappedRegion target(std::move(source));
  EXPECT_EQ(source.data(), nullptr);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(source.size(), 0U);       // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(target.data(), data);
  EXPECT_EQ(target.size(), 3U);
  EXPECT_TRUE(page_is_mapped(data));
}

// DirectXTK #376: a move-assignment that forgot the old mapping leaked it.
TEST(MappedRegion, MoveAssignUnmapsThePreviousRange) {
  TempDir dir;
  const OpenFile file = open_with(dir, "abc");
  std::error_code error;
  MappedRegion first = map_read_only(file.fd, file.size, error);
  MappedRegion second = map_read_only(file.fd, file.size, error);
  const std::byte* old_data = first.data();
  const std::byte* kept_data = second.data();
  first = std::move(second);
  EXPECT_EQ(first.data(), kept_data);
  EXPECT_FALSE(page_is_mapped(old_data));
  EXPECT_TRUE(page_is_mapped(kept_data));
}

TEST(MappedRegion, SelfMoveAssignKeepsTheMapping) {
  TempDir dir;
  const OpenFile file = open_with(dir, "abc");
  std::error_code error;
  MappedRegion region = map_read_only(file.fd, file.size, error);
  const std::byte* data = region.data();
  MappedRegion& alias = region;
  region = std::move(alias);
  EXPECT_EQ(region.data(), data);
  EXPECT_TRUE(page_is_mapped(data));
}

TEST(MappedRegion, DestructorUnmaps) {
  TempDir dir;
  const OpenFile file = open_with(dir, "abc");
  std::error_code error;
  const std::byte* data = nullptr;
  {
    const MappedRegion region = map_read_only(file.fd, file.size, error);
    data = region.data();
    EXPECT_TRUE(page_is_mapped(data));
  }
  EXPECT_FALSE(page_is_mapped(data));
}

TEST(MappedRegion, ReleaseHandsBackTheExactRange) {
  TempDir dir;
  const OpenFile file = open_with(dir, "abcdef");
  std::error_code error;
  MappedRegion region = map_read_only(file.fd, file.size, error);
  const std::byte* data = region.data();
  const MappedRegion::Range range = region.release();
  EXPECT_FALSE(region.is_mapped());
  EXPECT_EQ(range.address, data);
  EXPECT_EQ(range.length, 6U);
  EXPECT_TRUE(page_is_mapped(data));
  ::munmap(range.address, range.length);
}

TEST(MappedRegion, SwapExchangesOwnership) {
  TempDir dir;
  const OpenFile file = open_with(dir, "abc");
  std::error_code error;
  MappedRegion a = map_read_only(file.fd, file.size, error);
  MappedRegion b;
  const std::byte* data = a.data();
  swap(a, b);
  EXPECT_EQ(a.data(), nullptr);
  EXPECT_EQ(b.data(), data);
  EXPECT_EQ(b.size(), 3U);
}

TEST(MappedRegion, UnmapReportsTheKernelsErrorAndEmptiesTheOwner) {
  // An unaligned address is the simplest way to make munmap fail for real.
  MappedRegion region(reinterpret_cast<void*>(std::uintptr_t{1}), 4096);
  EXPECT_EQ(region.unmap(), errno_code(EINVAL));
  EXPECT_FALSE(region.is_mapped());
  EXPECT_FALSE(region.unmap());
}

// The post was unsure whether closing the descriptor keeps the mapping
// valid. On Linux it does: the mapping holds its own reference to the file.
TEST(MappedRegion, MappingOutlivesCloseOfDescriptor) {
  TempDir dir;
  OpenFile file = open_with(dir, "still here");
  std::error_code error;
  const MappedRegion region = map_read_only(file.fd, file.size, error);
  ASSERT_FALSE(file.fd.close());
  EXPECT_EQ(as_string(region.bytes()), "still here");
}

// Why memmap2 calls mapping unsafe: the bytes belong to the file, and a
// truncation by anyone turns a read of a valid-looking view into SIGBUS.
TEST(MappedRegionDeathTest, TouchingAMappingAfterTruncationRaisesSigbus) {
  TempDir dir;
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const OpenFile file = open_with(dir, std::string(2 * page, 'x'));
  std::error_code error;
  const MappedRegion region = map_read_only(file.fd, file.size, error);
  ASSERT_FALSE(error);
  const std::string path = dir.join("file");
  EXPECT_EXIT(
      {
        if (::truncate(path.c_str(), 0) != 0) {
          std::_Exit(2);
        }
        const volatile std::byte* last = region.data() + file.size - 1;
        static_cast<void>(*last);
        std::_Exit(0);
      },
      testing::KilledBySignal(SIGBUS), "");
}
