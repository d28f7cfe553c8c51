#include "ffikit/stage2_raii/mapped_region.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>

#include "ffikit/test_support/mapping_probe.hpp"
#include "ffikit/test_support/temp_dir.hpp"

using ffikit::stage2::Advice;
using ffikit::stage2::BorrowedDescriptor;
using ffikit::stage2::FileDescriptor;
using ffikit::stage2::map_read_only;
using ffikit::stage2::map_region;
using ffikit::stage2::MapAccess;
using ffikit::stage2::MapOptions;
using ffikit::stage2::MappedRegion;
using ffikit::stage2::open_read_only;
using ffikit::stage2::plan_region;
using ffikit::stage2::RegionPlan;
using ffikit::test_support::page_is_mapped;
using ffikit::test_support::page_maps_file;
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
  std::string path;
};

OpenFile open_with(const TempDir& dir, const std::string& contents) {
  std::error_code error;
  std::string path = dir.write("file", contents);
  FileDescriptor fd = open_read_only(path, error);
  EXPECT_FALSE(error) << error.message();
  return {std::move(fd), contents.size(), std::move(path)};
}

std::size_t page_size() {
  // SAFETY: sysconf only reads a configuration value.
  return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// "r--p", "rw-p", ... for the mapping that starts at @p address, from
// /proc/self/maps; "" when there is none.
std::string permissions_of(const void* address) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::string range;
    std::string permissions;
    fields >> range >> permissions;
    const std::uintptr_t start = std::stoull(range, nullptr, 16);
    if (start == reinterpret_cast<std::uintptr_t>(address)) {
      return permissions;
    }
  }
  return "";
}

// Bytes "0123456789" repeated, so that any offset's byte is known.
std::string digits(std::size_t size) {
  std::string out(size, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[i] = static_cast<char>('0' + i % 10);
  }
  return out;
}

std::string pread_all(int fd, std::size_t size) {
  std::string out(size, '\0');
  // SAFETY: out owns size writable bytes.
  const ssize_t got = ::pread(fd, out.data(), size, 0);
  out.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return out;
}

}  // namespace

// The page arithmetic, at compile time.
static_assert(plan_region(10000, 20, 4096) == RegionPlan{0, 8192, 1808, 1828});
static_assert(plan_region(8192, 1, 4096) == RegionPlan{0, 8192, 0, 1});
static_assert(plan_region(0, 0, 4096).refusal == EINVAL);

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
  EXPECT_FALSE(page_maps_file(old_data, file.path));
  EXPECT_TRUE(page_maps_file(kept_data, file.path));
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
    EXPECT_TRUE(page_maps_file(data, file.path));
  }
  EXPECT_FALSE(page_maps_file(data, file.path));
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

// MAP_PRIVATE for a read-only view: the same bytes as MAP_SHARED, and file
// systems that refuse a shared mapping accept it.
TEST(MappedRegion, ReadOnlyViewIsAPrivateMapping) {
  TempDir dir;
  const OpenFile file = open_with(dir, "private");
  std::error_code error;
  const MappedRegion region = map_read_only(file.fd, file.size, error);
  ASSERT_FALSE(error);
  EXPECT_EQ(permissions_of(region.data()), "r--p");
}

// sysfs refuses a shared mapping of the kernel's BTF with EACCES and maps it
// privately: the defect that made ffikit-cat fail where cat copies.
TEST(MappedRegion, SysfsFileThatRefusesSharedMappingsMapsPrivately) {
  const std::string path = "/sys/kernel/btf/vmlinux";
  std::error_code error;
  const FileDescriptor fd = open_read_only(path, error);
  if (error) {
    GTEST_SKIP() << path << " cannot be opened here (" << error.message()
                 << "): the kernel has no BTF in sysfs";
  }
  const struct stat status = ffikit::stage2::status_of(fd, error);
  ASSERT_FALSE(error);
  const auto size = static_cast<std::size_t>(status.st_size);
  // SAFETY: a fresh shared read-only mapping, unmapped at once if made.
  void* shared = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd.get(), 0);
  if (shared != MAP_FAILED) {
    ::munmap(shared, size);
    GTEST_SKIP() << "this kernel allows MAP_SHARED of " << path;
  }
  EXPECT_EQ(errno, EACCES);
  const MappedRegion region = map_read_only(fd, size, error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_EQ(pread_all(fd.get(), 4), std::string(region.text().substr(0, 4)));
}

TEST(MappedRegion, NullAddressOwnsNothingWhateverTheLength) {
  MappedRegion region(nullptr, 4096);
  EXPECT_FALSE(region.is_mapped());
  EXPECT_EQ(region.size(), 0U);
  EXPECT_EQ(region.data(), nullptr);
  EXPECT_TRUE(region.text().empty());
  EXPECT_FALSE(region.unmap());
}

TEST(MappedRegion, TextViewsTheSameBytes) {
  TempDir dir;
  const OpenFile file = open_with(dir, "as text");
  std::error_code error;
  const MappedRegion region = map_read_only(file.fd, file.size, error);
  EXPECT_EQ(region.text(), "as text");
  EXPECT_EQ(static_cast<const void*>(region.text().data()),
            static_cast<const void*>(region.data()));
}

TEST(MappedRegion, DestructorKeepsErrno) {
  TempDir dir;
  const OpenFile file = open_with(dir, "abc");
  std::error_code error;
  {
    const MappedRegion region = map_read_only(file.fd, file.size, error);
    ASSERT_TRUE(region.is_mapped());
    errno = ENOENT;
  }
  EXPECT_EQ(errno, ENOENT);
  {
    // A failing munmap (an unaligned address) must not leak its EINVAL.
    const MappedRegion bogus(reinterpret_cast<void*>(std::uintptr_t{1}), 1);
    errno = EACCES;
  }
  EXPECT_EQ(errno, EACCES);
}

TEST(MappedRegion, MoveAssignmentKeepsErrno) {
  TempDir dir;
  const OpenFile file = open_with(dir, "abc");
  std::error_code error;
  MappedRegion target = map_read_only(file.fd, file.size, error);
  MappedRegion source = map_read_only(file.fd, file.size, error);
  errno = EIO;
  target = std::move(source);
  EXPECT_EQ(errno, EIO);
}

// folly's MemoryMapping(int fd, ...) and memmap2's Mmap::map(&file) map a
// descriptor the caller keeps: it stays open, and the mapping outlives it.
TEST(MapBorrowed, RawDescriptorIsMappedAndNotClosed) {
  TempDir dir;
  std::error_code error;
  FileDescriptor owner = open_read_only(dir.write("f", "lent"), error);
  const int raw = owner.release();
  MappedRegion region = map_read_only(BorrowedDescriptor(raw), 4, error);
  ASSERT_FALSE(error) << error.message();
  // SAFETY: raw is still ours; F_GETFD only asks whether it is open.
  EXPECT_NE(::fcntl(raw, F_GETFD), -1) << "the borrow closed the descriptor";
  // SAFETY: our descriptor, closed once.
  ASSERT_EQ(::close(raw), 0);
  EXPECT_EQ(region.text(), "lent");
}

TEST(MapBorrowed, NothingLentIsEbadfWithoutACall) {
  std::error_code error;
  const MappedRegion region =
      map_region(BorrowedDescriptor(-1), 0, 10, {}, error);
  EXPECT_EQ(error, errno_code(EBADF));
  EXPECT_FALSE(region.is_mapped());
}

TEST(MapRegion, UnalignedOffsetViewStartsAtThatByte) {
  TempDir dir;
  const std::string content = digits(3 * page_size());
  const OpenFile file = open_with(dir, content);
  const std::size_t offset = page_size() + 7;
  std::error_code error;
  MappedRegion region = map_region(file.fd, offset, 25, {}, error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_EQ(region.size(), 25U);
  EXPECT_EQ(region.text(), content.substr(offset, 25));
  const MappedRegion::Range range = region.release();
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(range.address) % page_size(), 0U)
      << "the mapping starts at a page boundary";
  EXPECT_EQ(range.length, 7U + 25U)
      << "munmap must get the mapped length, not the view's";
  EXPECT_EQ(::munmap(range.address, range.length), 0);
}

TEST(MapRegion, RegionCrossingAPageBoundary) {
  TempDir dir;
  const std::string content = digits(2 * page_size());
  const OpenFile file = open_with(dir, content);
  std::error_code error;
  const MappedRegion region =
      map_region(file.fd, page_size() - 3, 6, {}, error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_EQ(region.text(), content.substr(page_size() - 3, 6));
}

TEST(MapRegion, ZeroLengthIsEinvalWithoutACall) {
  TempDir dir;
  const OpenFile file = open_with(dir, "abc");
  std::error_code error;
  const MappedRegion region = map_region(file.fd, 0, 0, {}, error);
  EXPECT_EQ(error, errno_code(EINVAL));
  EXPECT_FALSE(region.is_mapped());
}

// memmap2 #48 / #144 and aria2 #662: an offset and length whose sum wraps
// around must be refused, not mapped at a small offset.
TEST(MapRegion, OffsetPlusLengthBeyondOffTIsEoverflow) {
  TempDir dir;
  const OpenFile file = open_with(dir, "abc");
  std::error_code error;
  const MappedRegion region =
      map_region(file.fd, std::uint64_t{INT64_MAX} - 10, 4096, {}, error);
  EXPECT_EQ(error, errno_code(EOVERFLOW));
  EXPECT_FALSE(region.is_mapped());
  static_cast<void>(map_region(file.fd, UINT64_MAX, 1, {}, error));
  EXPECT_EQ(error, errno_code(EOVERFLOW));
}

TEST(MapRegion, OffsetPastTheEndOfTheFileIsTheKernelsAnswer) {
  TempDir dir;
  const OpenFile file = open_with(dir, "abc");
  std::error_code error;
  // mmap accepts a region past the end (touching it would raise SIGBUS);
  // map_region does not second-guess it, stage 4 checks the size first.
  MappedRegion region = map_region(file.fd, 10 * page_size(), 1, {}, error);
  EXPECT_FALSE(error) << error.message();
  EXPECT_TRUE(region.is_mapped());
}

// memmap2's map_copy: the bytes can be changed, the file cannot.
TEST(MapRegion, CopyModeWritesStayInThisProcess) {
  TempDir dir;
  const OpenFile file = open_with(dir, "original");
  std::error_code error;
  MappedRegion region =
      map_region(file.fd, 0, file.size, {MapAccess::copy, false}, error);
  ASSERT_FALSE(error) << error.message();
  ASSERT_TRUE(region.is_writable());
  EXPECT_EQ(permissions_of(region.data()), "rw-p");
  region.writable_bytes()[0] = std::byte{'O'};
  EXPECT_EQ(region.text(), "Original");
  EXPECT_EQ(pread_all(file.fd.get(), file.size), "original");
}

TEST(MapRegion, ReadOnlyRegionHasNoWritableBytes) {
  TempDir dir;
  const OpenFile file = open_with(dir, "read only");
  std::error_code error;
  MappedRegion region = map_region(file.fd, 0, file.size, {}, error);
  EXPECT_FALSE(region.is_writable());
  EXPECT_TRUE(region.writable_bytes().empty());
}

TEST(MapRegion, PopulatedRegionHasTheSameBytes) {
  TempDir dir;
  const std::string content = digits(2 * page_size() + 1);
  const OpenFile file = open_with(dir, content);
  std::error_code error;
  const MappedRegion region =
      map_region(file.fd, 0, file.size, {MapAccess::read_only, true}, error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_EQ(region.text(), content);
}

TEST(MapRegion, EveryAdviceIsAcceptedAndChangesNoByte) {
  TempDir dir;
  const OpenFile file = open_with(dir, "advised");
  std::error_code error;
  const MappedRegion region = map_read_only(file.fd, file.size, error);
  for (const Advice advice :
       {Advice::sequential, Advice::willneed, Advice::random, Advice::normal}) {
    EXPECT_FALSE(region.advise(advice)) << static_cast<int>(advice);
  }
  EXPECT_EQ(region.text(), "advised");
}

TEST(MapRegion, AdviceOnNothingIsEbadf) {
  const MappedRegion nothing;
  EXPECT_EQ(nothing.advise(Advice::willneed), errno_code(EBADF));
}

TEST(PlanRegion, AlignedOffsetNeedsNoShift) {
  EXPECT_EQ(plan_region(3 * 4096, 100, 4096),
            (RegionPlan{0, 3 * 4096, 0, 100}));
}

TEST(PlanRegion, PageSizeMustBeAPowerOfTwo) {
  EXPECT_EQ(plan_region(0, 1, 0).refusal, EINVAL);
  EXPECT_EQ(plan_region(0, 1, 3000).refusal, EINVAL);
}

TEST(PlanRegion, SumJustInsideOffTIsAccepted) {
  const std::uint64_t last = INT64_MAX;
  EXPECT_EQ(plan_region(last - 4096, 4096, 4096).refusal, 0);
  EXPECT_EQ(plan_region(last - 4095, 4097, 4096).refusal, EOVERFLOW);
}

// On a 32-bit target the page shift can push a length just below 4 GiB
// past what size_t holds, shown with narrow length types.
TEST(PlanRegion, ShiftedLengthBeyondTheSizeTypeIsEoverflow) {
  EXPECT_EQ(plan_region<std::uint32_t>(0, 0xffffffffU, 4096).refusal, 0);
  EXPECT_EQ(plan_region<std::uint32_t>(1, 0xffffffffU, 4096).refusal,
            EOVERFLOW);
  EXPECT_EQ(plan_region<std::uint16_t>(10, 65525, 4096).refusal, 0);
  EXPECT_EQ(plan_region<std::uint16_t>(10, 65526, 4096).refusal, EOVERFLOW);
}
