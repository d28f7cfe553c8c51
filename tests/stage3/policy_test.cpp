// The pure policy: no system calls, so every branch is reached directly,
// including sizes no test machine could create.
#include "ffikit/stage3_callback/policy.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include "stage3_test_support.hpp"

using ffikit::stage3::MapDecision;
using ffikit::stage3::MapPlan;
using ffikit::stage3::narrow_file_size;
using ffikit::stage3::plan_mapping;
using ffikit::stage3::refusal_errno;

using ffikit::stage3::testing_support::allowing_special_files;

namespace {
constexpr auto regular = static_cast<std::uint32_t>(S_IFREG | 0644);
constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
}  // namespace

// Usable in constant expressions, so a policy bug can fail the build.
static_assert(plan_mapping(regular, 10) == MapPlan{MapDecision::map, 10});
static_assert(!narrow_file_size<std::uint32_t>(std::int64_t{1} << 32));

TEST(NarrowFileSize, ZeroFits) { EXPECT_EQ(narrow_file_size(0), 0U); }

TEST(NarrowFileSize, NegativeSizeIsRejected) {
  EXPECT_EQ(narrow_file_size(-1), std::nullopt);
  EXPECT_EQ(narrow_file_size(std::numeric_limits<std::int64_t>::min()),
            std::nullopt);
}

TEST(NarrowFileSize, LargestOffTFitsIn64BitSizeT) {
  EXPECT_EQ(narrow_file_size(int64_max), static_cast<std::size_t>(int64_max));
}

// off_t -> size_t truncation (memmap2 #48, aria2 #662) on a 32-bit target,
// shown with a 32-bit size type.
TEST(NarrowFileSize, FourGibibytesDoesNotFitIn32Bits) {
  EXPECT_EQ(narrow_file_size<std::uint32_t>((std::int64_t{1} << 32) - 1),
            std::numeric_limits<std::uint32_t>::max());
  EXPECT_EQ(narrow_file_size<std::uint32_t>(std::int64_t{1} << 32),
            std::nullopt);
  EXPECT_EQ(narrow_file_size<std::uint32_t>(int64_max), std::nullopt);
}

TEST(NarrowFileSize, SixteenBitTargetStopsAtItsMaximum) {
  EXPECT_EQ(narrow_file_size<std::uint16_t>(65535), 65535);
  EXPECT_EQ(narrow_file_size<std::uint16_t>(65536), std::nullopt);
}

TEST(PlanMapping, RegularFileMapsItsExactSize) {
  EXPECT_EQ(plan_mapping(regular, 4097), (MapPlan{MapDecision::map, 4097}));
}

TEST(PlanMapping, ZeroLengthFileIsEmptyAndNotMapped) {
  EXPECT_EQ(plan_mapping(regular, 0), (MapPlan{MapDecision::empty, 0}));
}

TEST(PlanMapping, DirectoryIsRefused) {
  EXPECT_EQ(plan_mapping(S_IFDIR | 0755, 4096),
            (MapPlan{MapDecision::refuse_directory, 0}));
}

TEST(PlanMapping, EverySpecialFileIsRefusedWhateverItsSize) {
  for (const auto type : {S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK, S_IFLNK}) {
    for (const std::int64_t size :
         {std::int64_t{0}, std::int64_t{4096}, int64_max}) {
      EXPECT_EQ(plan_mapping(static_cast<std::uint32_t>(type), size),
                (MapPlan{MapDecision::refuse_special, 0}))
          << "type " << type << " size " << size;
    }
  }
}

TEST(PlanMapping, UnknownFileTypeIsRefused) {
  EXPECT_EQ(plan_mapping(0, 10), (MapPlan{MapDecision::refuse_special, 0}));
}

TEST(PlanMapping, TypeIsCheckedBeforeSize) {
  EXPECT_EQ(plan_mapping(S_IFIFO, -1),
            (MapPlan{MapDecision::refuse_special, 0}));
}

TEST(PlanMapping, NegativeSizeIsRefused) {
  EXPECT_EQ(plan_mapping(regular, -5), (MapPlan{MapDecision::refuse_size, 0}));
}

TEST(PlanMapping, SizeBeyondA32BitAddressSpaceIsRefused) {
  EXPECT_EQ(plan_mapping<std::uint32_t>(regular, std::int64_t{1} << 32),
            (MapPlan{MapDecision::refuse_size, 0}));
}

TEST(PlanMapping, PermissionBitsDoNotChangeTheDecision) {
  EXPECT_EQ(plan_mapping(S_IFREG | 07777, 3), (MapPlan{MapDecision::map, 3}));
  EXPECT_EQ(plan_mapping(S_IFREG, 3), (MapPlan{MapDecision::map, 3}));
}

TEST(RefusalErrno, EachRefusalHasItsErrno) {
  EXPECT_EQ(refusal_errno(MapDecision::refuse_directory), EISDIR);
  EXPECT_EQ(refusal_errno(MapDecision::refuse_special), ENODEV);
  EXPECT_EQ(refusal_errno(MapDecision::refuse_size), EOVERFLOW);
  EXPECT_EQ(refusal_errno(MapDecision::map), 0);
  EXPECT_EQ(refusal_errno(MapDecision::empty), 0);
}

TEST(RefusalErrno, ValueOutsideTheEnumIsNoRefusal) {
  EXPECT_EQ(refusal_errno(static_cast<MapDecision>(-1)), 0);
}

// ---- plan_contents: how the callback API gets the bytes.

using ffikit::stage3::close_error_loses_nothing;
using ffikit::stage3::ContentsPlan;
using ffikit::stage3::ContentsRoute;
using ffikit::stage3::Options;
using ffikit::stage3::plan_contents;
using ffikit::stage3::read_instead_of_mapping;
using ffikit::stage3::small_file_threshold;

static_assert(small_file_threshold == 256 * 1024,
              "the mmap/read crossover docs/performance.md measured");
static_assert(ffikit::stage3::default_read_limit == std::size_t{1} << 30U);
static_assert(plan_contents(regular, small_file_threshold, Options{}) ==
              ContentsPlan{ContentsRoute::map, small_file_threshold, 0});

TEST(PlanContents, FileBelowTheThresholdIsRead) {
  EXPECT_EQ(
      plan_contents(regular, small_file_threshold - 1, Options{}),
      (ContentsPlan{ContentsRoute::read_small, small_file_threshold - 1, 0}));
  EXPECT_EQ(plan_contents(regular, 1, Options{}),
            (ContentsPlan{ContentsRoute::read_small, 1, 0}));
}

TEST(PlanContents, FileAtTheThresholdIsMapped) {
  EXPECT_EQ(plan_contents(regular, small_file_threshold, Options{}),
            (ContentsPlan{ContentsRoute::map, small_file_threshold, 0}));
}

TEST(PlanContents, ThresholdZeroMapsEveryFileWithASize) {
  Options options;
  options.read_below = 0;
  EXPECT_EQ(plan_contents(regular, 1, options),
            (ContentsPlan{ContentsRoute::map, 1, 0}));
}

// /proc and /sys report size 0 and hold text: read to end of file.
TEST(PlanContents, SizeZeroFileIsReadToItsEnd) {
  EXPECT_EQ(plan_contents(regular, 0, Options{}),
            (ContentsPlan{ContentsRoute::read_unsized, 0, 0}));
}

TEST(PlanContents, SmallFileAboveTheReadLimitIsMappedInstead) {
  Options options;
  options.read_limit = 100;
  EXPECT_EQ(plan_contents(regular, 101, options),
            (ContentsPlan{ContentsRoute::map, 101, 0}));
  EXPECT_EQ(plan_contents(regular, 100, options),
            (ContentsPlan{ContentsRoute::read_small, 100, 0}));
}

TEST(PlanContents, DirectoryIsRefusedEvenWhenSpecialFilesAreAllowed) {
  EXPECT_EQ(plan_contents(S_IFDIR | 0755, 4096, allowing_special_files()),
            (ContentsPlan{ContentsRoute::refuse, 0, EISDIR}));
}

TEST(PlanContents, FifoAndDevicesAreRefusedUnlessAllowed) {
  for (const auto type : {S_IFIFO, S_IFCHR, S_IFBLK}) {
    const auto mode = static_cast<std::uint32_t>(type | 0644);
    EXPECT_EQ(plan_contents(mode, 0, Options{}),
              (ContentsPlan{ContentsRoute::refuse, 0, ENODEV}))
        << type;
    EXPECT_EQ(plan_contents(mode, 4096, allowing_special_files()),
              (ContentsPlan{ContentsRoute::read_special, 0, 0}))
        << type;
  }
}

TEST(PlanContents, SocketsAndUnknownTypesAreAlwaysRefused) {
  for (const auto mode :
       {static_cast<std::uint32_t>(S_IFSOCK | 0777),
        static_cast<std::uint32_t>(S_IFLNK | 0777), std::uint32_t{0}}) {
    EXPECT_EQ(plan_contents(mode, 10, allowing_special_files()),
              (ContentsPlan{ContentsRoute::refuse, 0, ENODEV}))
        << mode;
  }
}

TEST(PlanContents, SizeThatDoesNotFitIsRefused) {
  EXPECT_EQ(plan_contents(regular, -1, Options{}),
            (ContentsPlan{ContentsRoute::refuse, 0, EOVERFLOW}));
  EXPECT_EQ(
      plan_contents<std::uint32_t>(regular, std::int64_t{1} << 32, Options{}),
      (ContentsPlan{ContentsRoute::refuse, 0, EOVERFLOW}));
}

TEST(ReadInsteadOfMapping, OnlyTheFileSystemsRefusalsAndLackOfRoom) {
  EXPECT_TRUE(read_instead_of_mapping(ENODEV));
  EXPECT_TRUE(read_instead_of_mapping(EACCES));
  EXPECT_TRUE(read_instead_of_mapping(ENOMEM));
  for (const int error :
       {EINVAL, EAGAIN, EBADF, EOVERFLOW, EPERM, ETXTBSY, ENFILE, EEXIST, 0}) {
    EXPECT_FALSE(read_instead_of_mapping(error)) << error;
  }
}

TEST(CloseErrorLosesNothing, EveryErrnoButEbadf) {
  for (const int error : {EINTR, EIO, ENOSPC, EDQUOT}) {
    EXPECT_TRUE(close_error_loses_nothing(error)) << error;
  }
  EXPECT_FALSE(close_error_loses_nothing(EBADF));
}
