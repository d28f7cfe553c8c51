// The ledger's fixed tables (LedgerCapacity): what does not fit is counted
// in overflow(), never allocated later and never a crash; what the ledger
// had to drop never turns into a false finding. And the ledger allocates
// nothing once built: this file replaces the global operator new to count.
#include <sys/mman.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fake_kernel.hpp"
#include "ffikit/check/ledger.hpp"

namespace {
std::atomic<bool> counting{false};
std::atomic<std::size_t> allocations{0};
}  // namespace

// Counts the allocations made while `counting` is set; otherwise the
// ordinary heap.
void* operator new(std::size_t size) {
  if (counting.load()) {
    ++allocations;
  }
  // SAFETY: malloc of at least one byte; freed by the operator delete below.
  if (void* p = std::malloc(
          size == 0 ? 1 : size)) {  // NOLINT(cppcoreguidelines-no-malloc)
    return p;
  }
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  // SAFETY: p came from the operator new above (or is null).
  std::free(p);  // NOLINT(cppcoreguidelines-no-malloc)
}
void operator delete(void* p, std::size_t /*size*/) noexcept {
  // SAFETY: as above.
  std::free(p);  // NOLINT(cppcoreguidelines-no-malloc)
}

namespace ffikit::check {
namespace {

using testing_support::FakeKernel;
using testing_support::page;
using Texts = std::vector<std::string>;

LedgerCapacity tiny() {
  LedgerCapacity c = testing_support::test_capacity();
  c.descriptors = 8;
  c.records = 16;
  c.intervals = 4;
  c.released_ranges = 2;
  c.findings = 4;
  return c;
}

TEST(LedgerCapacity, DescriptorsBeyondTheTableAreCountedOncePerEvent) {
  FakeKernel k({}, tiny());
  for (int i = 0; i < 5; ++i) {
    k.open("/in-table");  // 3..7
  }
  EXPECT_EQ(k.ledger.overflow(), 0U);
  ASSERT_EQ(k.open("/beyond"), 8);  // acquired and identified: one event
  EXPECT_EQ(k.ledger.overflow(), 1U);
  k.fstat(8);
  EXPECT_EQ(k.ledger.overflow(), 1U);  // a successful use judges nothing
  k.close(8);
  EXPECT_EQ(k.ledger.overflow(), 2U);
  k.close(8);  // the kernel refuses it: not judged, counted
  EXPECT_EQ(k.ledger.overflow(), 3U);
  k.dup2(3, 9);  // a copy beyond the table
  EXPECT_EQ(k.ledger.overflow(), 4U);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks().size(), 5U);
}

// Whole-table walks stop at the highest number in use, never short of it:
// a leak at the table's last number is found, and so is one below an
// inherited number that sits far above every tracked one (valgrind keeps
// its own descriptors there).
TEST(LedgerCapacity, LeakAtTheTablesLastNumberIsFound) {
  FakeKernel k({}, tiny());
  const int fd = k.open("/a");  // #0 -> 3
  k.dup2(fd, 7);                // #1 -> 7, the last number
  k.close(fd);                  // #2
  EXPECT_EQ(k.leaks(), Texts{"leaked descriptor: fd 7 from dup2 of fd 3 "
                             "(/a) (acquired at #1)"});
  std::array<int, 8> tracked{};
  ASSERT_EQ(k.ledger.tracked(tracked, 0), 1U);
  EXPECT_EQ(tracked[0], 7);
}

TEST(LedgerCapacity, BorrowedNumberAboveEveryTrackedOneIsStillReached) {
  Options lent;
  lent.borrowed = {7};
  FakeKernel k(lent, tiny());
  k.opened_before(7);
  k.open("/a");  // #0 -> 3
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 3 from open(/a) (acquired at #0)"});
  k.close_range(3, 7);  // #1: closes the tracked 3 and the lent 7
  EXPECT_EQ(k.leaks(), Texts{});
  EXPECT_EQ(k.findings(),
            Texts{"close of borrowed descriptor at #1: close_range closing fd "
                  "7: a descriptor the caller lent"});
}

TEST(LedgerCapacity, StreamBeyondTheTableIsCountedOnce) {
  FakeKernel k({}, tiny());
  for (int fd = 3; fd < 8; ++fd) {
    k.open("/in-table");
  }
  const std::uintptr_t stream = k.fopen("/beyond");  // fd 8
  EXPECT_EQ(k.ledger.overflow(), 1U);
  k.fclose(stream);
  EXPECT_EQ(k.ledger.overflow(), 2U);
  EXPECT_EQ(k.leaks().size(), 5U);
}

TEST(LedgerCapacity, AcquisitionWithoutRoomForDetailsIsStillTracked) {
  LedgerCapacity c = tiny();
  c.records = 2;
  FakeKernel k({}, c);
  k.open("/a");  // #0 -> 3
  k.open("/b");  // #1 -> 4
  k.open("/c");  // #2 -> 5: no record left
  EXPECT_EQ(k.ledger.overflow(), 1U);
  EXPECT_EQ(k.leaks(),
            (Texts{"leaked descriptor: fd 3 from open(/a) (acquired at #0)",
                   "leaked descriptor: fd 4 from open(/b) (acquired at #1)",
                   "leaked descriptor: fd 5"}));
  k.close(5);  // #3
  k.close(5);  // #4
  EXPECT_EQ(k.findings(),
            Texts{"double close at #4: close of already closed fd 5"});
  k.close(3);    // #5: frees /a's record...
  k.open("/d");  // #6 -> 3: ...which /d gets
  EXPECT_EQ(k.leaks().at(0),
            "leaked descriptor: fd 3 from open(/d) (acquired at #6)");
}

TEST(LedgerCapacity, RemappedAndUnmappedMappingsGiveTheirRecordsBackOnce) {
  LedgerCapacity c = tiny();
  c.records = 4;  // the descriptor, a mapping, a remembered release, one spare
  c.released_ranges = 1;
  FakeKernel k({}, c);
  const int fd = k.open("/m");  // #0
  for (int i = 0; i < 8; ++i) {
    const std::uintptr_t at = k.mmap(page, fd);
    k.munmap(k.mremap(at, page, 2 * page), 2 * page);
  }
  k.close(fd);  // #25
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.ledger.overflow(), 0U);
  // Three records are free again, each once: three opens, three details.
  k.open("/a");
  k.open("/b");
  k.open("/c");
  EXPECT_EQ(k.ledger.overflow(), 0U);
  EXPECT_EQ(k.leaks(),
            (Texts{"leaked descriptor: fd 3 from open(/a) (acquired at #26)",
                   "leaked descriptor: fd 4 from open(/b) (acquired at #27)",
                   "leaked descriptor: fd 5 from open(/c) (acquired at #28)"}));
}

TEST(LedgerCapacity, MappingWithoutRoomForDetailsIsNotJudgedByRange) {
  LedgerCapacity c = tiny();
  c.records = 1;
  FakeKernel k({}, c);
  const int fd = k.open("/m");                     // #0: the one record
  const std::uintptr_t at = k.mmap(3 * page, fd);  // #1: no record
  EXPECT_EQ(k.ledger.overflow(), 1U);
  EXPECT_TRUE(k.ledger.holds_any(at, page));
  EXPECT_FALSE(k.ledger.owns_exactly(at, 3 * page));  // details unknown
  k.munmap(at, 3 * page);  // #2: exact, but the ledger cannot tell
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_FALSE(k.ledger.holds_any(at, 3 * page));
}

TEST(LedgerCapacity, MappingsBeyondTheTableAreCountedAndNeverUnknown) {
  LedgerCapacity c = tiny();
  c.intervals = 2;
  FakeKernel k({}, c);  // strict ownership
  const int fd = k.open("/m");
  const std::uintptr_t a = k.mmap(page, fd);
  const std::uintptr_t b = k.mmap(page, fd);
  const std::uintptr_t lost = k.mmap(page, fd);
  EXPECT_EQ(k.ledger.overflow(), 1U);
  EXPECT_FALSE(k.ledger.holds_any(lost, page));
  EXPECT_EQ(k.leaks().size(), 3U);  // the descriptor and two mappings
  // The ledger dropped a mapping, so it cannot say a range was never mapped.
  k.munmap(lost, page);
  k.munmap(a, page);
  k.munmap(b, page);
  k.close(fd);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
}

TEST(LedgerCapacity, HoleThatCannotBeSplitKeepsTheHead) {
  LedgerCapacity c = tiny();
  c.intervals = 1;
  Options options;
  options.exact_ranges = false;
  FakeKernel k(options, c);
  const int fd = k.open("/m");                     // #0
  const std::uintptr_t at = k.mmap(3 * page, fd);  // #1
  k.munmap(at + page, page);                       // #2: no room for the tail
  EXPECT_EQ(k.ledger.overflow(), 1U);
  EXPECT_EQ(k.leaks().at(1),
            "leaked mapping: 4096 bytes at 0x10000 mapped by mmap from fd 3 "
            "(/m) (acquired at #1)");
  k.munmap(at, page);
  k.munmap(at + 2 * page, page);  // the piece the ledger lost: not unknown
  k.close(fd);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
}

TEST(LedgerCapacity, ReleasedRangesAreARingOfTheLatest) {
  LedgerCapacity c = tiny();
  c.released_ranges = 1;
  FakeKernel k({}, c);
  const int fd = k.open("/m");                // #0
  const std::uintptr_t a = k.mmap(page, fd);  // #1
  const std::uintptr_t b = k.mmap(page, fd);  // #2
  k.munmap(a, page);                          // #3
  k.munmap(b, page);                          // #4: a is forgotten
  k.munmap(b, page);                          // #5: double
  k.munmap(a, page);                          // #6: no longer known
  k.close(fd);
  EXPECT_EQ(k.findings(),
            (Texts{"double munmap at #5: munmap(0x12000, 4096) of a range "
                   "already unmapped (acquired at #2)",
                   "munmap of unknown range at #6: munmap(0x10000, 4096) of a "
                   "range never mapped"}));
  EXPECT_EQ(k.ledger.overflow(), 0U);  // a ring, by design
}

TEST(LedgerCapacity, WithoutReleasedRangesNoDoubleMunmapIsKnown) {
  LedgerCapacity c = tiny();
  c.released_ranges = 0;
  FakeKernel k({}, c);
  const int fd = k.open("/m");                 // #0
  const std::uintptr_t at = k.mmap(page, fd);  // #1
  k.munmap(at, page);                          // #2
  k.munmap(at, page);                          // #3
  k.close(fd);
  EXPECT_EQ(k.findings(),
            Texts{"munmap of unknown range at #3: munmap(0x10000, 4096) of a "
                  "range never mapped"});
}

TEST(LedgerCapacity, DetailLessDescriptorsAndPiecesAreHeldWithoutIdentity) {
  LedgerCapacity c = tiny();
  c.records = 1;
  FakeKernel k({}, c);
  const int with = k.open("/with-details");  // the one record
  const int without = k.open("/without");
  k.ledger.set_identity(without, 1, 2);  // nowhere to keep it
  EXPECT_FALSE(k.ledger.identity_differs(without, 9, 9));
  const std::uintptr_t at = k.mmap(page, with);  // no record either
  EXPECT_EQ(k.leaks(),
            (Texts{"leaked descriptor: fd 3 from open(/with-details) "
                   "(acquired at #0)",
                   "leaked descriptor: fd 4"}));  // no mapping leak
  k.ledger.released_unseen(without);
  EXPECT_EQ(k.leaks().size(), 1U);
  k.munmap(at, page);
  EXPECT_EQ(k.findings(), Texts{});
}

TEST(LedgerCapacity, FindingsBeyondTheTableAreCounted) {
  LedgerCapacity c = tiny();
  c.findings = 2;
  FakeKernel k({}, c);
  for (int i = 0; i < 3; ++i) {
    k.close(7);
  }
  EXPECT_EQ(k.ledger.findings().size(), 2U);
  EXPECT_EQ(k.ledger.violations().size(), 2U);
  EXPECT_EQ(k.ledger.overflow(), 1U);
}

TEST(LedgerCapacity, EmptyTablesCountEverythingAndCrashNothing) {
  LedgerCapacity c;
  c.descriptors = 0;
  c.records = 0;
  c.intervals = 0;
  c.released_ranges = 0;
  c.findings = 0;
  FakeKernel k({}, c);
  const int fd = k.open("/f");
  const std::uintptr_t at = k.mmap(page, fd);
  k.fstat(fd);
  k.munmap(at, page);
  k.munmap(at, page);
  k.close(fd);
  k.close(fd);
  k.fopen("/s");
  k.pipe();
  k.close_range(3, ~0U);
  k.fcloseall();
  k.exec("/bin/true");
  k.verify();
  EXPECT_GT(k.ledger.overflow(), 0U);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  std::array<int, 4> tracked{};
  EXPECT_EQ(k.ledger.tracked(tracked), 0U);
  k.fork();
  EXPECT_EQ(k.ledger.overflow(), 0U);
}

TEST(LedgerCapacity, ForkedChildStartsWithNoOverflow) {
  FakeKernel k({}, tiny());
  for (int i = 0; i < 5; ++i) {
    k.close(7);  // four findings fit
  }
  ASSERT_EQ(k.ledger.overflow(), 1U);
  k.fork();
  EXPECT_EQ(k.ledger.overflow(), 0U);
  EXPECT_EQ(k.ledger.findings().size(), 0U);
}

TEST(LedgerCapacity, ShortLeakSpanStillCountsEveryLeak) {
  FakeKernel k;
  k.open("/a");
  k.open("/b");
  k.mmap(page, 3);
  std::array<Finding, 1> one{};
  EXPECT_EQ(k.ledger.leaks(one), 3U);
  EXPECT_EQ(one[0].fd, 3);
  EXPECT_EQ(one[0].kind, FindingKind::leaked_descriptor);
  EXPECT_EQ(k.ledger.leaks(std::span<Finding>{}), 3U);
  std::array<Finding, 5> all{};
  EXPECT_EQ(k.ledger.leaks(all), 3U);
  EXPECT_EQ(all[2].kind, FindingKind::leaked_mapping);
}

TEST(LedgerCapacity, NothingIsAllocatedOnceTheLedgerIsBuilt) {
  // A program touching every rule, recorded first (the fake kernel
  // allocates), then fed to a fresh ledger while allocations are counted.
  FakeKernel k;
  const int a = k.open("/a");
  const std::uintptr_t m = k.mmap(3 * page, a);
  k.mremap(m, 3 * page, 5 * page);
  k.munmap(m + page, page);
  k.dup(a);
  k.dup2(a, 9);
  k.pipe();
  k.fdopen(k.open("/s"));
  k.fopen("/t");
  k.opendir("/d");
  k.close(a);
  k.close(a);
  k.fstat(a);
  k.munmap(m, 5 * page);
  k.munmap(m, page);
  k.close_range(9, 9);
  k.fcloseall();
  k.exec("/bin/true");
  const std::vector<Event> trace = k.trace;
  std::array<Finding, 32> leaks{};
  std::array<int, 32> tracked{};

  Ledger ledger;
  allocations = 0;
  counting = true;
  for (const Event& e : trace) {
    ledger.apply(e);
  }
  Event close;
  close.symbol = Symbol::close;
  close.function = Function::close;
  close.fd = 4;
  const Ledger::Release release = ledger.begin_release(close);
  ledger.end_release(close, release);
  ledger.set_identity(5, 1, 2);
  static_cast<void>(ledger.identity_differs(5, 1, 3));
  ledger.released_unseen(5);
  ledger.leaked_into_exec(6, 99, 0);
  static_cast<void>(ledger.owns_exactly(m, page));
  static_cast<void>(ledger.holds_any(m, page));
  const std::size_t leaked = ledger.leaks(leaks);
  const std::size_t held = ledger.tracked(tracked);
  const std::size_t found = ledger.findings().size();
  ledger.forked();
  counting = false;

  EXPECT_EQ(allocations.load(), 0U);
  EXPECT_GT(leaked, 0U);
  EXPECT_GT(held, 0U);
  EXPECT_GT(found, 0U);
}

}  // namespace
}  // namespace ffikit::check
