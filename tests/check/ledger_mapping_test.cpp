// Mappings as page intervals, against the fake kernel: exact ranges on and
// off, partial munmap, holes, double munmap measured by the kernel,
// MAP_FIXED over tracked pages, mremap growing, shrinking and moving,
// nesting strict and relaxed, and the quarantine's questions
// (owns_exactly, holds_any).
#include <sys/mman.h>

#include <cerrno>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fake_kernel.hpp"
#include "ffikit/check/ledger.hpp"

namespace ffikit::check {
namespace {

using testing_support::FakeKernel;
using testing_support::first_mapping;
using testing_support::foreign_program_options;
using testing_support::page;
using Texts = std::vector<std::string>;

Options any_ranges() {
  Options options;
  options.exact_ranges = false;
  return options;
}

// ---- the stages' contract: strict nesting, exact ranges ----

TEST(LedgerMappings, NestedOpenMapUnmapCloseIsClean) {
  FakeKernel k;
  const int fd = k.open("/m");
  k.fstat(fd);
  const std::uintptr_t at = k.mmap(100, fd);
  EXPECT_EQ(at, first_mapping);
  k.munmap(at, 100);
  k.close(fd);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, UnmappedFileMappingIsALeakWithItsBytes) {
  FakeKernel k;
  const int fd = k.open("/m");                     // #0
  const std::uintptr_t at = k.mmap(3 * page, fd);  // #1
  EXPECT_EQ(k.leaks(),
            (Texts{"leaked descriptor: fd 3 from open(/m) (acquired at #0)",
                   "leaked mapping: 12288 bytes at 0x10000 mapped by mmap from "
                   "fd 3 (/m) (acquired at #1)"}));
  const Finding leak = k.ledger.leaks()[1];
  EXPECT_EQ(leak.handle, at);
  EXPECT_EQ(leak.address, at);
  EXPECT_EQ(leak.length, 3 * page);
  EXPECT_EQ(leak.mapped_length, 3 * page);
  EXPECT_EQ(leak.fd, fd);
  k.expect_replay_agrees();
}

TEST(LedgerMappings, Mmap64IsTheSameOperation) {
  FakeKernel k(any_ranges());
  const int fd = k.open("/m");
  k.mmap(page, fd, MAP_PRIVATE, 0, Symbol::mmap64);  // #1
  EXPECT_EQ(k.leaks().at(1),
            "leaked mapping: 4096 bytes at 0x10000 mapped by mmap64 from fd 3 "
            "(/m) (acquired at #1)");
}

TEST(LedgerMappings, CloseBeforeMunmapBreaksStrictNesting) {
  FakeKernel k;
  const int fd = k.open("/m");               // #0
  const std::uintptr_t at = k.mmap(10, fd);  // #1
  k.close(fd);                               // #2
  k.munmap(at, 10);                          // #3
  EXPECT_EQ(k.findings(),
            Texts{"close before munmap at #2: close(3) while the mapping at "
                  "0x10000 made from it is still mapped (acquired at #1)"});
  EXPECT_EQ(k.ledger.violations().size(), 1U);
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, CloseBeforeMunmapIsOnlyPolicyWhenRelaxed) {
  Options options;
  options.nesting = Nesting::relaxed;
  FakeKernel k(options);
  const int fd = k.open("/m");
  const std::uintptr_t at = k.mmap(10, fd);
  k.close(fd);
  EXPECT_EQ(k.ledger.violations().size(), 0U);
  ASSERT_EQ(k.ledger.policy_findings().size(), 1U);
  EXPECT_EQ(k.ledger.policy_findings()[0].severity, Severity::policy);
  k.munmap(at, 10);
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees(options);
}

TEST(LedgerMappings, NestingIsJudgedOncePerMappingAndPerDescriptor) {
  FakeKernel k(any_ranges());
  const int fd = k.open("/m");                    // #0
  const std::uintptr_t a = k.mmap(3 * page, fd);  // #1 at 0x10000
  k.munmap(a + page, page);                       // #2: a hole
  const std::uintptr_t b = k.mmap(page, fd);      // #3 at 0x14000
  const int other = k.open("/n");                 // #4 -> 4
  const std::uintptr_t c = k.mmap(page, other);   // #5
  k.close(fd);                                    // #6
  EXPECT_EQ(k.findings(),
            (Texts{"close before munmap at #6: close(3) while the mapping at "
                   "0x10000 made from it is still mapped (acquired at #1)",
                   "close before munmap at #6: close(3) while the mapping at "
                   "0x14000 made from it is still mapped (acquired at #3)"}));
  k.munmap(a, 3 * page);
  k.munmap(b, page);
  k.munmap(c, page);
  k.close(other);
  EXPECT_EQ(k.findings().size(), 2U);
  k.expect_replay_agrees(any_ranges());
}

TEST(LedgerMappings, MappingsOfAnEarlierGenerationDoNotNest) {
  FakeKernel k(foreign_program_options());
  const int fd = k.open("/m");  // #0
  k.mmap(page, fd);             // #1, never unmapped
  k.close(fd);                  // #2: policy finding
  ASSERT_EQ(k.open("/n"), fd);  // #3: a new generation
  k.close(fd);                  // #4: nothing of its own mapped
  ASSERT_EQ(k.ledger.findings().size(), 1U);
  EXPECT_EQ(k.ledger.findings()[0].at, 2U);
}

TEST(LedgerMappings, MunmapOfPartOfAMappingIsAWrongRangeWhenExact) {
  FakeKernel k;
  const int fd = k.open("/m");                     // #0
  const std::uintptr_t at = k.mmap(3 * page, fd);  // #1
  k.munmap(at, page);                              // #2
  EXPECT_EQ(k.findings(),
            Texts{"munmap of wrong range at #2: munmap(0x10000, 4096) of a "
                  "mapping of 12288 bytes (acquired at #1)"});
  // The kernel released the first page all the same.
  EXPECT_EQ(k.leaks().at(1),
            "leaked mapping: 8192 bytes at 0x11000 mapped by mmap from fd 3 "
            "(/m) (acquired at #1)");
  k.expect_replay_agrees();
}

TEST(LedgerMappings, ExactMeansTheByteLengthMmapWasGiven) {
  FakeKernel k;
  const int fd = k.open("/m");                // #0
  const std::uintptr_t a = k.mmap(5000, fd);  // #1
  k.munmap(a, 8192);                          // #2: whole pages, not 5000
  const std::uintptr_t b = k.mmap(5000, fd);  // #3
  k.munmap(b, 5000);                          // #4
  k.close(fd);
  EXPECT_EQ(k.findings(),
            Texts{"munmap of wrong range at #2: munmap(0x10000, 8192) of a "
                  "mapping of 5000 bytes (acquired at #1)"});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, MunmapBeyondAMappingReleasesItAndIsAWrongRange) {
  FakeKernel k;
  const int fd = k.open("/m");                 // #0
  const std::uintptr_t at = k.mmap(page, fd);  // #1
  k.munmap(at, 3 * page);                      // #2
  k.close(fd);
  EXPECT_EQ(k.findings(),
            Texts{"munmap of wrong range at #2: munmap(0x10000, 12288) of a "
                  "mapping of 4096 bytes (acquired at #1)"});
  EXPECT_EQ(k.leaks(), Texts{});
}

TEST(LedgerMappings, MunmapStartingBeforeAMappingNamesIt) {
  FakeKernel k;
  const int fd = k.open("/m");  // #0
  const std::uintptr_t at =
      k.mmap(page, fd, MAP_SHARED, first_mapping + page);  // #1
  ASSERT_EQ(at, first_mapping + page);
  k.munmap(first_mapping, 2 * page);  // #2
  k.close(fd);
  EXPECT_EQ(k.findings(),
            Texts{"munmap of wrong range at #2: munmap(0x10000, 8192) of a "
                  "mapping of 4096 bytes (acquired at #1)"});
  EXPECT_EQ(k.leaks(), Texts{});
}

// ---- any page range (programs nobody here wrote) ----

TEST(LedgerMappings, PartialMunmapIsLegalAndTheRestIsOneLeak) {
  FakeKernel k(any_ranges());
  const int fd = k.open("/m");                     // #0
  const std::uintptr_t at = k.mmap(3 * page, fd);  // #1
  k.munmap(at + 2 * page, page);                   // #2: trim the tail
  k.close(fd);                                     // #3: strict nesting
  EXPECT_EQ(k.findings(),
            Texts{"close before munmap at #3: close(3) while the mapping at "
                  "0x10000 made from it is still mapped (acquired at #1)"});
  EXPECT_EQ(k.leaks(),
            Texts{"leaked mapping: 8192 bytes at 0x10000 mapped by mmap from "
                  "fd 3 (/m) (acquired at #1)"});
  const Finding leak = k.ledger.leaks()[0];
  EXPECT_EQ(leak.length, 2 * page);
  EXPECT_EQ(leak.mapped_length, 3 * page);
  k.expect_replay_agrees(any_ranges());
}

TEST(LedgerMappings, AHoleInTheMiddleLeavesTwoLeaks) {
  FakeKernel k(any_ranges());
  const int fd = k.open("/m");                     // #0
  const std::uintptr_t at = k.mmap(3 * page, fd);  // #1
  k.munmap(at + page, page);                       // #2
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(),
            (Texts{"leaked descriptor: fd 3 from open(/m) (acquired at #0)",
                   "leaked mapping: 4096 bytes at 0x10000 mapped by mmap from "
                   "fd 3 (/m) (acquired at #1)",
                   "leaked mapping: 4096 bytes at 0x12000 mapped by mmap from "
                   "fd 3 (/m) (acquired at #1)"}));
  // Each piece is what one munmap releases.
  k.munmap(at, page);
  k.munmap(at + 2 * page, page);
  k.close(fd);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees(any_ranges());
}

TEST(LedgerMappings, OneMunmapMayReleaseSeveralMappings) {
  FakeKernel k(any_ranges());
  const int fd = k.open("/m");
  const std::uintptr_t a = k.mmap(page, fd, MAP_SHARED, first_mapping);
  k.mmap(page, fd, MAP_SHARED, first_mapping + page);
  k.munmap(a, 2 * page);
  k.close(fd);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees(any_ranges());
}

// ---- double munmap and ranges never mapped ----

TEST(LedgerMappings, DoubleMunmapIsAReleasedRangeTheKernelHasUnmapped) {
  FakeKernel k;
  const int fd = k.open("/m");               // #0
  const std::uintptr_t at = k.mmap(10, fd);  // #1
  k.munmap(at, 10);                          // #2
  k.munmap(at, 10);                          // #3
  k.close(fd);
  EXPECT_FALSE(k.trace[3].range_was_mapped);
  EXPECT_EQ(k.findings(),
            Texts{"double munmap at #3: munmap(0x10000, 10) of a range already "
                  "unmapped (acquired at #1)"});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, DoubleMunmapOfAPartialRelease) {
  FakeKernel k(any_ranges());
  const int fd = k.open("/m");                     // #0
  const std::uintptr_t at = k.mmap(3 * page, fd);  // #1
  k.munmap(at, page);                              // #2
  k.munmap(at, page);                              // #3
  EXPECT_EQ(k.findings(),
            Texts{"double munmap at #3: munmap(0x10000, 4096) of a range "
                  "already unmapped (acquired at #1)"});
  k.expect_replay_agrees(any_ranges());
}

TEST(LedgerMappings, ReleasedRangeMappedAgainUnseenIsNotADoubleMunmap) {
  FakeKernel k(foreign_program_options());
  const int fd = k.open("/m");                 // #0
  const std::uintptr_t at = k.mmap(page, fd);  // #1
  k.munmap(at, page);                          // #2
  // The allocator's own mmap (not watched) gets the same pages back.
  ASSERT_EQ(k.unseen_mmap(page, at), at);
  k.munmap(at, page);  // #3: fine, the kernel had them mapped
  EXPECT_TRUE(k.trace[3].range_was_mapped);
  EXPECT_EQ(k.findings(), Texts{});
  k.close(fd);
  k.expect_replay_agrees(foreign_program_options());
}

TEST(LedgerMappings, MunmapOfPagesMappedUnseenIsUnknownOnlyWhenStrict) {
  for (const bool strict : {true, false}) {
    Options options;
    options.strict_ownership = strict;
    FakeKernel k(options);
    const std::uintptr_t at = k.unseen_mmap(2 * page);
    k.munmap(at, 2 * page);  // #0
    EXPECT_TRUE(k.trace[0].range_was_mapped);
    EXPECT_EQ(k.findings(),
              strict ? Texts{"munmap of unknown range at #0: munmap(0x10000, "
                             "8192) of a range never mapped"}
                     : Texts{});
  }
}

TEST(LedgerMappings, NewMappingOverAReleasedRangeForgetsTheRelease) {
  FakeKernel k;
  const int fd = k.open("/m");                      // #0
  const std::uintptr_t at = k.mmap(page, fd);       // #1
  k.munmap(at, page);                               // #2
  ASSERT_EQ(k.mmap(page, fd, MAP_SHARED, at), at);  // #3
  k.munmap(at, page);                               // #4: fine
  k.munmap(at, page);                               // #5: double
  k.close(fd);
  EXPECT_EQ(k.findings(),
            Texts{"double munmap at #5: munmap(0x10000, 4096) of a range "
                  "already unmapped (acquired at #3)"});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, MappingOverPartOfAReleasedRangeKeepsTheRestReleased) {
  FakeKernel k;
  const int fd = k.open("/m");                                    // #0
  const std::uintptr_t at = k.mmap(3 * page, fd);                 // #1
  k.munmap(at, 3 * page);                                         // #2
  k.mmap(page, -1, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, at);  // #3
  k.munmap(at + 2 * page, page);  // #4: released at #2, not remapped
  EXPECT_EQ(k.findings(),
            Texts{"double munmap at #4: munmap(0x12000, 4096) of a range "
                  "already unmapped (acquired at #1)"});
  k.munmap(at, page);  // #5: the new mapping
  k.munmap(at, page);  // #6: and its own double munmap
  EXPECT_EQ(k.findings().at(1),
            "double munmap at #6: munmap(0x10000, 4096) of a range already "
            "unmapped (acquired at #3)");
  k.close(fd);
  k.expect_replay_agrees();
}

TEST(LedgerMappings, MappingElsewhereKeepsTheOldReleaseVisible) {
  FakeKernel k;
  const int fd = k.open("/m");                // #0
  const std::uintptr_t a = k.mmap(page, fd);  // #1 at 0x10000
  k.munmap(a, page);                          // #2
  const std::uintptr_t b = k.mmap(page, fd);  // #3 at 0x12000
  k.munmap(a, page);                          // #4: double
  k.munmap(b, page);                          // #5
  k.close(fd);
  EXPECT_EQ(k.findings(),
            Texts{"double munmap at #4: munmap(0x10000, 4096) of a range "
                  "already unmapped (acquired at #1)"});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, RealMunmapFailureReleasesNothing) {
  FakeKernel k;
  const int fd = k.open("/m");               // #0
  const std::uintptr_t at = k.mmap(10, fd);  // #1
  EXPECT_EQ(k.munmap(at + 1, 10), -1);       // #2: EINVAL, unaligned
  EXPECT_EQ(k.munmap(at, 0), -1);            // #3: EINVAL, empty
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks().size(), 2U);
  k.munmap(at, 10);
  k.close(fd);
  EXPECT_EQ(k.findings(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, MunmapOfNoPagesOrOfAWrappingRangeIsNotJudged) {
  FakeKernel k;
  const int fd = k.open("/m");
  const std::uintptr_t at = k.mmap(page, fd);
  k.inject(EINVAL);
  k.munmap(at, 0);  // injected: the ledger sees a release of no pages
  Event wrapping;   // a range past the top of the address space
  wrapping.symbol = Symbol::munmap;
  wrapping.function = Function::munmap;
  wrapping.address = ~std::uintptr_t{0} - page + 1;
  wrapping.length = 2 * page;
  k.ledger.apply(wrapping);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_TRUE(k.ledger.owns_exactly(at, page));
}

TEST(LedgerMappings, InjectedMunmapFailureCountsAsReleased) {
  FakeKernel k;
  const int fd = k.open("/m");
  const std::uintptr_t at = k.mmap(10, fd);
  k.inject(EINVAL);
  EXPECT_EQ(k.munmap(at, 10), -1);
  k.close(fd);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, FailedMmapMapsNothing) {
  FakeKernel k;
  const int fd = k.open("/m");
  k.inject(ENOMEM);
  EXPECT_EQ(k.mmap(page, fd), 0U);
  EXPECT_EQ(k.mmap(0, fd), 0U);  // EINVAL
  EXPECT_EQ(k.leaks().size(), 1U);
  EXPECT_FALSE(k.ledger.holds_any(first_mapping, page));
  k.expect_replay_agrees();
}

// ---- anonymous memory and descriptors the ledger does not track ----

TEST(LedgerMappings, AnonymousMappingIsNeitherAUseOfAnFdNorALeak) {
  FakeKernel k;
  const int fd = k.open("/m");
  k.close(fd);
  // Made after fd 3 was closed, but from no descriptor: not a use after
  // close; never unmapped, but memory, not a file mapping: not a leak.
  k.mmap(page, -1, MAP_PRIVATE | MAP_ANONYMOUS);
  // MAP_ANONYMOUS ignores the descriptor argument, whatever it is.
  k.mmap(page, fd, MAP_PRIVATE | MAP_ANONYMOUS);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, AnonymousMappingsAreHeldAndJudgedByRange) {
  FakeKernel k;
  const std::uintptr_t at = k.mmap(2 * page, -1, MAP_PRIVATE | MAP_ANONYMOUS);
  EXPECT_TRUE(k.ledger.holds_any(at, 1));
  EXPECT_TRUE(k.ledger.owns_exactly(at, 2 * page));
  k.munmap(at, page);  // #1: exact ranges apply to any mapping
  EXPECT_EQ(k.findings(),
            Texts{"munmap of wrong range at #1: munmap(0x10000, 4096) of a "
                  "mapping of 8192 bytes (acquired at #0)"});
}

TEST(LedgerMappings, MappingOfAnUntrackedDescriptorIsLeakedWithItsNumber) {
  FakeKernel k(foreign_program_options());
  const int foreign = k.unseen_open("/foreign");
  k.mmap(page, foreign);  // #0
  k.close(foreign);       // #1: not tracked: no nesting to judge
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(),
            Texts{"leaked mapping: 4096 bytes at 0x10000 mapped by mmap from "
                  "fd 3 (acquired at #0)"});
  k.expect_replay_agrees(foreign_program_options());
}

// ---- MAP_FIXED ----

TEST(LedgerMappings, MapFixedOverATrackedMappingReplacesThosePages) {
  FakeKernel k;
  const int fd = k.open("/m");                                           // #0
  const std::uintptr_t at = k.mmap(3 * page, fd);                        // #1
  k.mmap(page, -1, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, at + page);  // #2
  EXPECT_EQ(k.leaks(),
            (Texts{"leaked descriptor: fd 3 from open(/m) (acquired at #0)",
                   "leaked mapping: 4096 bytes at 0x10000 mapped by mmap from "
                   "fd 3 (/m) (acquired at #1)",
                   "leaked mapping: 4096 bytes at 0x12000 mapped by mmap from "
                   "fd 3 (/m) (acquired at #1)"}));
  k.munmap(at + page, page);  // #3: the anonymous page, exactly
  EXPECT_EQ(k.findings(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, MapFixedOverAWholeMappingEndsItsNesting) {
  FakeKernel k;
  const int fd = k.open("/m");
  const std::uintptr_t at = k.mmap(page, fd);
  k.mmap(page, -1, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, at);
  k.close(fd);  // the file's mapping is gone: nothing to nest
  k.munmap(at, page);
  k.munmap(at, page);  // #5: the anonymous mapping's pages, released twice
  EXPECT_EQ(k.findings(),
            Texts{"double munmap at #5: munmap(0x10000, 4096) of a range "
                  "already unmapped (acquired at #2)"});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, MapFixedNoreplaceOnAFreeReleasedRangeMaps) {
  FakeKernel k;
  const int fd = k.open("/m");
  const std::uintptr_t at = k.mmap(page, fd);
  k.munmap(at, page);
  EXPECT_EQ(k.mmap(page, fd, MAP_SHARED | MAP_FIXED_NOREPLACE, at), at);
  EXPECT_TRUE(k.ledger.owns_exactly(at, page));
  EXPECT_EQ(k.mmap(page, fd, MAP_SHARED | MAP_FIXED_NOREPLACE, at),
            0U);  // EEXIST
  k.munmap(at, page);
  k.close(fd);
  EXPECT_EQ(k.findings(), Texts{});
  k.expect_replay_agrees();
}

// ---- mremap ----

TEST(LedgerMappings, MremapGrowingInPlaceKeepsTheOrigin) {
  FakeKernel k;
  const int fd = k.open("/m");                     // #0
  const std::uintptr_t at = k.mmap(page, fd);      // #1
  EXPECT_EQ(k.mremap(at, page, 2 * page, 0), at);  // #2
  EXPECT_TRUE(k.ledger.owns_exactly(at, 2 * page));
  EXPECT_EQ(k.leaks().at(1),
            "leaked mapping: 8192 bytes at 0x10000 mapped by mmap from fd 3 "
            "(/m) (acquired at #1)");
  k.munmap(at, 2 * page);  // #3
  k.close(fd);             // #4
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, RemappedMappingKeepsItsDetailsWhileOthersComeAndGo) {
  FakeKernel k(any_ranges());
  const int fd = k.open("/m");                 // #0
  const std::uintptr_t at = k.mmap(page, fd);  // #1
  k.mremap(at, page, 2 * page, 0);             // #2
  for (int i = 0; i < 3; ++i) {
    k.close(k.open("/other"));  // #3..#8
  }
  k.open("/last");  // #9 -> 4
  EXPECT_EQ(k.leaks(),
            (Texts{"leaked descriptor: fd 3 from open(/m) (acquired at #0)",
                   "leaked descriptor: fd 4 from open(/last) (acquired at #9)",
                   "leaked mapping: 8192 bytes at 0x10000 mapped by mmap from "
                   "fd 3 (/m) (acquired at #1)"}));
  k.munmap(at, page);  // trim: a piece of the remapped mapping
  EXPECT_EQ(k.leaks().at(2),
            "leaked mapping: 4096 bytes at 0x11000 mapped by mmap from fd 3 "
            "(/m) (acquired at #1)");
  k.expect_replay_agrees(any_ranges());
}

TEST(LedgerMappings, CloseBeforeMunmapOfARemappedMapping) {
  FakeKernel k;
  const int fd = k.open("/m");                                // #0
  const std::uintptr_t at = k.mmap(page, fd);                 // #1
  const std::uintptr_t grown = k.mremap(at, page, 2 * page);  // #2
  k.close(fd);                                                // #3
  EXPECT_EQ(k.findings(),
            Texts{"close before munmap at #3: close(3) while the mapping at "
                  "0x10000 made from it is still mapped (acquired at #1)"});
  k.munmap(grown, 2 * page);
  k.expect_replay_agrees();
}

TEST(LedgerMappings, MremapShrinkReleasesTheTail) {
  FakeKernel k;
  const int fd = k.open("/m");                     // #0
  const std::uintptr_t at = k.mmap(3 * page, fd);  // #1
  EXPECT_EQ(k.mremap(at, 3 * page, page, 0), at);  // #2
  EXPECT_TRUE(k.ledger.owns_exactly(at, page));
  EXPECT_FALSE(k.ledger.holds_any(at + page, 2 * page));
  k.munmap(at + page, 2 * page);  // #3: released before
  k.munmap(at, page);             // #4
  k.close(fd);
  EXPECT_EQ(k.findings(),
            Texts{"double munmap at #3: munmap(0x11000, 8192) of a range "
                  "already unmapped (acquired at #1)"});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, MremapMoveReleasesTheOldAddress) {
  FakeKernel k;
  const int fd = k.open("/m");                 // #0
  const std::uintptr_t at = k.mmap(page, fd);  // #1 at 0x10000
  const std::uintptr_t blocker =
      k.mmap(page, -1, MAP_PRIVATE | MAP_ANONYMOUS, at + page);  // #2
  ASSERT_EQ(blocker, at + page);
  const std::uintptr_t moved = k.mremap(at, page, 3 * page);  // #3
  ASSERT_NE(moved, at);
  k.munmap(at, page);  // #4: the old address after the move
  EXPECT_EQ(k.findings(),
            Texts{"double munmap at #4: munmap(0x10000, 4096) of a range "
                  "already unmapped (acquired at #1)"});
  k.munmap(moved, 3 * page);  // #5: exactly what mremap made
  k.munmap(blocker, page);
  k.close(fd);
  EXPECT_EQ(k.findings().size(), 1U);
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, MremapFixedOntoATrackedMappingReplacesIt) {
  FakeKernel k;
  const int fd = k.open("/m");                // #0
  const std::uintptr_t a = k.mmap(page, fd);  // #1 at 0x10000
  const std::uintptr_t b = k.mmap(page, fd);  // #2 at 0x12000
  EXPECT_EQ(k.mremap(a, page, page, MREMAP_MAYMOVE | MREMAP_FIXED, b),
            b);       // #3
  k.munmap(b, page);  // #4: a's mapping, now at b
  k.close(fd);        // #5: nothing of fd 3 mapped any more
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerMappings, MremapOfAMappingTheLedgerDoesNotHold) {
  for (const bool strict : {true, false}) {
    Options options;
    options.strict_ownership = strict;
    FakeKernel k(options);
    const std::uintptr_t unseen = k.unseen_mmap(page);              // 0x10000
    const std::uintptr_t moved = k.mremap(unseen, page, 4 * page);  // #0
    k.munmap(moved, 4 * page);                                      // #1
    EXPECT_EQ(k.findings(),
              strict ? Texts{"munmap of unknown range at #1: munmap(0x10000, "
                             "16384) of a range never mapped"}
                     : Texts{})
        << "strict ownership " << strict;
  }
}

TEST(LedgerMappings, MremapOfWhatATrimLeftKeepsTheMappingsOrigin) {
  FakeKernel k(any_ranges());
  const int fd = k.open("/m");                     // #0
  const std::uintptr_t at = k.mmap(3 * page, fd);  // #1
  k.munmap(at, page);                              // #2: trim the head
  // What is left of the mapping is remapped: its details come along.
  EXPECT_EQ(k.mremap(at + page, 2 * page, page, 0), at + page);  // #3
  EXPECT_EQ(k.leaks().at(1),
            "leaked mapping: 4096 bytes at 0x11000 mapped by mmap from fd 3 "
            "(/m) (acquired at #1)");
  k.expect_replay_agrees(any_ranges());
}

TEST(LedgerMappings, FailedMremapChangesNothing) {
  FakeKernel k;
  const int fd = k.open("/m");
  const std::uintptr_t at = k.mmap(page, fd);
  k.inject(ENOMEM);
  EXPECT_EQ(k.mremap(at, page, 2 * page), 0U);
  EXPECT_EQ(k.mremap(at + 8 * page, page, 2 * page), 0U);  // EFAULT
  EXPECT_TRUE(k.ledger.owns_exactly(at, page));
  k.munmap(at, page);
  k.close(fd);
  EXPECT_EQ(k.findings(), Texts{});
  k.expect_replay_agrees();
}

// ---- the quarantine's questions ----

TEST(LedgerMappings, OwnsExactlyOnlyAWholeLiveMappingByItsByteLength) {
  FakeKernel k(any_ranges());
  const int fd = k.open("/m");
  const std::uintptr_t at = k.mmap(5000, fd);
  EXPECT_TRUE(k.ledger.owns_exactly(at, 5000));
  EXPECT_FALSE(k.ledger.owns_exactly(at, 8192));
  EXPECT_FALSE(k.ledger.owns_exactly(at, page));
  EXPECT_FALSE(k.ledger.owns_exactly(at + page, page));
  EXPECT_FALSE(k.ledger.owns_exactly(at + 0x100000, 5000));
  k.munmap(at + page, page);  // what is left is not the whole mapping
  EXPECT_FALSE(k.ledger.owns_exactly(at, page));
  EXPECT_FALSE(k.ledger.owns_exactly(at, 5000));
}

TEST(LedgerMappings, HoldsAnyPageOfTheRange) {
  FakeKernel k;
  const int fd = k.open("/m");
  const std::uintptr_t at = k.mmap(2 * page, fd);  // 0x10000..0x12000
  EXPECT_TRUE(k.ledger.holds_any(at, 1));
  EXPECT_TRUE(k.ledger.holds_any(at + page, page));
  EXPECT_TRUE(k.ledger.holds_any(at - page, 2 * page));
  EXPECT_FALSE(k.ledger.holds_any(at - page, page));
  EXPECT_FALSE(k.ledger.holds_any(at + 2 * page, page));
  EXPECT_FALSE(k.ledger.holds_any(at, 0));
  const std::uintptr_t top =
      std::numeric_limits<std::uintptr_t>::max() - page + 1;
  EXPECT_FALSE(k.ledger.holds_any(top, 2 * page));  // wraps: not a range
}

}  // namespace
}  // namespace ffikit::check
