// The ownership ledger, the fault schedule, the parsers and the judge are
// pure: these tests feed them hand-written events, no system calls.
#include <fcntl.h>
#include <sys/mman.h>

#include <cerrno>

#include <gtest/gtest.h>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/fault.hpp"
#include "ffikit/check/ledger.hpp"
#include "ffikit/check/report.hpp"
#include "ffikit/check/sweep.hpp"
#include "ffikit/check/trace_format.hpp"

namespace ffikit::check {
namespace {

class Script {
 public:
  explicit Script(Nesting nesting = Nesting::strict) : ledger(nesting) {}

  void open(int fd, const char* path = "/f") {
    Event e = next(Function::open);
    e.path = path;
    e.result = fd;
    add(e);
  }
  void failed_open(int error) {
    Event e = next(Function::open);
    e.result = -1;
    e.error = error;
    add(e);
  }
  void fstat(int fd) {
    Event e = next(Function::fstat);
    e.fd = fd;
    add(e);
  }
  void mmap(int fd, std::uintptr_t at, std::size_t length) {
    Event e = next(Function::mmap);
    e.fd = fd;
    e.length = length;
    e.map_flags = MAP_SHARED;
    e.result = static_cast<std::intptr_t>(at);
    add(e);
  }
  void anonymous_mmap(std::uintptr_t at, std::size_t length, int fd = -1) {
    Event e = next(Function::mmap);
    e.fd = fd;
    e.length = length;
    e.map_flags = MAP_PRIVATE | MAP_ANONYMOUS;
    e.result = static_cast<std::intptr_t>(at);
    add(e);
  }
  void failed_munmap(std::uintptr_t at, std::size_t length, int error) {
    Event e = next(Function::munmap);
    e.address = at;
    e.length = length;
    e.result = -1;
    e.error = error;
    add(e);
  }
  void raw(const Event& e) { add(e); }
  std::vector<std::string> described() const {
    std::vector<std::string> out;
    for (const Finding& f : ledger.violations()) {
      out.push_back(describe(f));
    }
    for (const Finding& f : ledger.leaks()) {
      out.push_back(describe(f));
    }
    return out;
  }
  void munmap(std::uintptr_t at, std::size_t length,
              bool injected_failure = false) {
    Event e = next(Function::munmap);
    e.address = at;
    e.length = length;
    if (injected_failure) {
      e.result = -1;
      e.error = EINVAL;
      e.injected = true;
    }
    add(e);
  }
  void close(int fd) {
    Event e = next(Function::close);
    e.fd = fd;
    add(e);
  }
  std::vector<FindingKind> violations() const {
    std::vector<FindingKind> out;
    for (const Finding& f : ledger.violations()) {
      out.push_back(f.kind);
    }
    return out;
  }
  std::vector<FindingKind> leaks() const {
    std::vector<FindingKind> out;
    for (const Finding& f : ledger.leaks()) {
      out.push_back(f.kind);
    }
    return out;
  }

  Ledger ledger;
  std::vector<Event> events;

 private:
  Event next(Function function) {
    Event e;
    e.function = function;
    e.symbol = primary_symbol(function);
    e.index = events.size();
    return e;
  }
  void add(const Event& e) {
    ledger.apply(e);
    events.push_back(e);
  }
};

using Kinds = std::vector<FindingKind>;
constexpr std::uintptr_t at = 0x10000;

TEST(Ledger, NestedOpenMapUnmapCloseIsClean) {
  Script s;
  s.open(3);
  s.fstat(3);
  s.mmap(3, at, 100);
  s.munmap(at, 100);
  s.close(3);
  EXPECT_EQ(s.violations(), Kinds{});
  EXPECT_EQ(s.leaks(), Kinds{});
}

TEST(Ledger, UnclosedDescriptorIsLeakWithItsOpen) {
  Script s;
  s.open(3, "/data");
  ASSERT_EQ(s.leaks(), Kinds{FindingKind::leaked_descriptor});
  const Finding leak = s.ledger.leaks().front();
  EXPECT_EQ(leak.origin, 0U);
  EXPECT_EQ(describe(leak),
            "leaked descriptor: fd 3 from open(/data) (acquired at #0)");
}

TEST(Ledger, FailedOpenAcquiresNothing) {
  Script s;
  s.failed_open(ENOENT);
  EXPECT_EQ(s.leaks(), Kinds{});
}

TEST(Ledger, DoubleClose) {
  Script s;
  s.open(3);
  s.close(3);
  s.close(3);
  EXPECT_EQ(s.violations(), Kinds{FindingKind::double_close});
  EXPECT_EQ(s.ledger.violations().front().at, 2U);
  EXPECT_EQ(s.ledger.violations().front().origin, 0U);
}

TEST(Ledger, CloseOfNeverOpenedDescriptor) {
  Script s;
  s.close(7);
  EXPECT_EQ(s.violations(), Kinds{FindingKind::close_of_unknown});
}

TEST(Ledger, ReopenedNumberMayBeClosedAgain) {
  Script s;
  s.open(3);
  s.close(3);
  s.open(3);
  s.close(3);
  EXPECT_EQ(s.violations(), Kinds{});
}

TEST(Ledger, FstatAndMmapOnClosedDescriptor) {
  Script s;
  s.open(3);
  s.close(3);
  s.fstat(3);
  s.mmap(3, at, 10);
  EXPECT_EQ(s.violations(), (Kinds{FindingKind::use_after_close,
                                   FindingKind::use_after_close}));
}

TEST(Ledger, CloseBeforeMunmapBreaksStrictNesting) {
  Script s;
  s.open(3);
  s.mmap(3, at, 10);
  s.close(3);
  s.munmap(at, 10);
  EXPECT_EQ(s.violations(), Kinds{FindingKind::close_before_munmap});
  EXPECT_EQ(s.leaks(), Kinds{});
}

TEST(Ledger, CloseAfterMmapAllowedWhenRelaxed) {
  Script s(Nesting::relaxed);
  s.open(3);
  s.mmap(3, at, 10);
  s.close(3);
  s.munmap(at, 10);
  EXPECT_EQ(s.violations(), Kinds{});
}

TEST(Ledger, UnmappedFileMappingIsLeak) {
  Script s(Nesting::relaxed);
  s.open(3);
  s.mmap(3, at, 10);
  s.close(3);
  EXPECT_EQ(s.leaks(), Kinds{FindingKind::leaked_mapping});
  EXPECT_EQ(s.ledger.leaks().front().handle, at);
  EXPECT_EQ(s.ledger.leaks().front().length, 10U);
}

TEST(Ledger, MunmapOfFirstPageOnlyIsWrongRange) {
  Script s;
  s.open(3);
  s.mmap(3, at, 3 * 4096);
  s.munmap(at, 4096);
  s.close(3);
  EXPECT_EQ(s.violations(), (Kinds{FindingKind::munmap_wrong_range,
                                   FindingKind::close_before_munmap}));
  EXPECT_EQ(s.leaks(), Kinds{FindingKind::leaked_mapping});
}

TEST(Ledger, MunmapLengthWithinLastPageIsExact) {
  Script s;
  s.open(3);
  s.mmap(3, at, 5000);
  s.munmap(at, 8192);
  s.close(3);
  EXPECT_EQ(s.violations(), Kinds{});
}

TEST(Ledger, MunmapInsideMappingIsWrongRange) {
  Script s;
  s.open(3);
  s.mmap(3, at, 3 * 4096);
  s.munmap(at + 4096, 4096);
  EXPECT_EQ(s.violations(), Kinds{FindingKind::munmap_wrong_range});
}

TEST(Ledger, DoubleMunmap) {
  Script s;
  s.open(3);
  s.mmap(3, at, 10);
  s.munmap(at, 10);
  s.munmap(at, 10);
  s.close(3);
  EXPECT_EQ(s.violations(), Kinds{FindingKind::double_munmap});
}

TEST(Ledger, MunmapOfNeverMappedRange) {
  Script s;
  s.munmap(at, 10);
  EXPECT_EQ(s.violations(), Kinds{FindingKind::munmap_of_unknown});
}

TEST(Ledger, RemappedRangeMayBeUnmappedAgain) {
  Script s;
  s.open(3);
  s.mmap(3, at, 10);
  s.munmap(at, 10);
  s.mmap(3, at, 10);
  s.munmap(at, 10);
  s.close(3);
  EXPECT_EQ(s.violations(), Kinds{});
}

TEST(Ledger, InjectedMunmapFailureCountsAsReleased) {
  Script s;
  s.open(3);
  s.mmap(3, at, 10);
  s.munmap(at, 10, true);
  s.close(3);
  EXPECT_EQ(s.violations(), Kinds{});
  EXPECT_EQ(s.leaks(), Kinds{});
}

TEST(Ledger, EveryFindingIsDescribedWithItsCallAndOrigin) {
  Script s;
  s.close(7);                     // #0 never opened
  s.open(3, "/tmp/x");            // #1
  s.mmap(3, at, 10);              // #2
  s.close(3);                     // #3 while mapped
  s.fstat(3);                     // #4 after close
  s.munmap(at, 10);               // #5
  s.munmap(at, 10);               // #6 again
  s.munmap(at + 0x100000, 4096);  // #7 never mapped
  s.close(3);                     // #8 again
  s.open(4, "/tmp/y");            // #9, never closed
  s.mmap(4, at, 3 * 4096);        // #10
  s.munmap(at, 4096);             // #11 first page only
  EXPECT_EQ(
      s.described(),
      (std::vector<std::string>{
          "close of unknown descriptor at #0: close(7) of a descriptor never "
          "opened",
          "close before munmap at #3: close(3) while the mapping at 0x10000 "
          "made from it is still mapped (acquired at #2)",
          "use after close at #4: fstat on closed fd 3 from open(/tmp/x) "
          "(acquired at #1)",
          "double munmap at #6: munmap(0x10000, 10) of a range already "
          "unmapped (acquired at #2)",
          "munmap of unknown range at #7: munmap(0x110000, 4096) of a range "
          "never mapped",
          "double close at #8: close of already closed fd 3 from "
          "open(/tmp/x) (acquired at #1)",
          "munmap of wrong range at #11: munmap(0x10000, 4096) of a mapping "
          "of 12288 bytes (acquired at #10)",
          "leaked descriptor: fd 4 from open(/tmp/y) (acquired at #9)",
          "leaked mapping: 12288 bytes at 0x10000 mapped from fd 4 "
          "(acquired at #10)",
      }));
}

TEST(Ledger, KindOutsideTheEnumHasAPlaceholderName) {
  EXPECT_STREQ(kind_name(static_cast<FindingKind>(200)), "?");
}

TEST(Ledger, EventOfUnknownFunctionChangesNothing) {
  Script s;
  s.open(3);
  Event odd;
  odd.function = static_cast<Function>(200);
  odd.fd = 3;
  s.raw(odd);
  EXPECT_EQ(s.violations(), Kinds{});
  EXPECT_EQ(s.leaks(), Kinds{FindingKind::leaked_descriptor});
}

TEST(Ledger, NotesAreNotCalls) {
  Script s;
  Event note;
  note.kind = Event::Kind::note;
  note.function = Function::close;
  note.fd = 3;
  s.raw(note);
  EXPECT_EQ(s.violations(), Kinds{});
}

TEST(Ledger, AnonymousMappingIsNeitherUseOfAnFdNorALeak) {
  Script s;
  s.open(3);
  s.close(3);
  // Made after fd 3 was closed, but from no descriptor: not a use after
  // close; never unmapped, but memory, not a file mapping: not a leak.
  s.anonymous_mmap(at, 4096);
  // MAP_ANONYMOUS ignores the descriptor argument, whatever it is.
  s.anonymous_mmap(at + 0x10000, 4096, 3);
  EXPECT_EQ(s.violations(), Kinds{});
  EXPECT_EQ(s.leaks(), Kinds{});
}

TEST(Ledger, CloseInStrictModeIgnoresMappingsOfOtherDescriptors) {
  Script s;
  s.open(3);
  s.open(4);
  s.mmap(3, at, 10);
  s.mmap(4, at + 0x10000, 10);
  s.munmap(at, 10);
  s.close(3);
  s.munmap(at + 0x10000, 10);
  s.close(4);
  EXPECT_EQ(s.violations(), Kinds{});
}

TEST(Ledger, RealMunmapFailureReleasesNothing) {
  Script s;
  s.open(3);
  s.mmap(3, at, 10);
  s.failed_munmap(at, 10, EINVAL);
  s.close(3);
  EXPECT_EQ(s.violations(), Kinds{FindingKind::close_before_munmap});
  EXPECT_EQ(s.leaks(), Kinds{FindingKind::leaked_mapping});
}

TEST(Ledger, MunmapLongerThanTheMappingReleasesIt) {
  Script s;
  s.open(3);
  s.mmap(3, at, 4096);
  s.munmap(at, 3 * 4096);
  s.close(3);
  // Wrong range, but the kernel released the mapping with the rest.
  EXPECT_EQ(s.violations(), Kinds{FindingKind::munmap_wrong_range});
  EXPECT_EQ(s.leaks(), Kinds{});
}

TEST(Ledger, MunmapBelowEveryMappingIsUnknownNotOverlap) {
  Script s;
  s.open(3);
  s.mmap(3, at + 0x10000, 4096);
  s.munmap(at, 4096);
  EXPECT_EQ(s.violations(), Kinds{FindingKind::munmap_of_unknown});
}

TEST(Ledger, MunmapAboveEveryMappingIsUnknownNotOverlap) {
  Script s;
  s.open(3);
  s.mmap(3, at, 4096);
  s.munmap(at + 0x10000, 4096);
  EXPECT_EQ(s.violations(), Kinds{FindingKind::munmap_of_unknown});
}

TEST(Ledger, NewMappingBelowAReleasedRangeKeepsItReleased) {
  Script s;
  s.open(3);
  s.mmap(3, at + 0x10000, 4096);
  s.munmap(at + 0x10000, 4096);
  s.mmap(3, at, 4096);  // below the old range, not over it
  s.munmap(at + 0x10000, 4096);
  s.munmap(at, 4096);
  s.close(3);
  EXPECT_EQ(s.violations(), Kinds{FindingKind::double_munmap});
}

TEST(Ledger, UnrelatedNewMappingKeepsTheDoubleMunmapVisible) {
  Script s;
  s.open(3);
  s.mmap(3, at, 4096);
  s.munmap(at, 4096);
  s.mmap(3, at + 0x10000, 4096);  // elsewhere: the old range stays released
  s.munmap(at, 4096);
  s.munmap(at + 0x10000, 4096);
  s.close(3);
  EXPECT_EQ(s.violations(), Kinds{FindingKind::double_munmap});
}

TEST(Ledger, OwnsExactlyOnlyALiveMappingWithItsRoundedLength) {
  Script s;
  s.open(3);
  s.mmap(3, at, 5000);
  EXPECT_TRUE(s.ledger.owns_exactly(at, 8192));
  EXPECT_FALSE(s.ledger.owns_exactly(at, 4096));
  EXPECT_FALSE(s.ledger.owns_exactly(at + 4096, 4096));
}

TEST(FaultSchedule, TransientFailsOnlyTheNthCallOfItsTarget) {
  FaultSchedule schedule(FaultPlan{Function::mmap, 2, ENOMEM, false});
  EXPECT_EQ(schedule.decide(Function::open), 0);
  EXPECT_EQ(schedule.decide(Function::mmap), 0);
  EXPECT_EQ(schedule.decide(Function::mmap), ENOMEM);
  EXPECT_EQ(schedule.decide(Function::mmap), 0);
  EXPECT_EQ(schedule.calls(Function::mmap), 3U);
  EXPECT_EQ(schedule.injected(), 1U);
}

TEST(FaultSchedule, PersistentKeepsFailingTheSameOperationOnly) {
  FaultSchedule schedule(FaultPlan{Function::close, 1, EIO, true});
  EXPECT_EQ(schedule.decide(Function::close), EIO);
  EXPECT_EQ(schedule.decide(Function::open), 0);
  EXPECT_EQ(schedule.decide(Function::close), EIO);
  EXPECT_EQ(schedule.injected(), 2U);
}

TEST(FaultSchedule, AnyTargetCountsEveryCall) {
  FaultSchedule schedule(FaultPlan{std::nullopt, 3, EINTR, true});
  EXPECT_EQ(schedule.decide(Function::open), 0);
  EXPECT_EQ(schedule.decide(Function::fstat), 0);
  EXPECT_EQ(schedule.decide(Function::mmap), EINTR);
  EXPECT_EQ(schedule.decide(Function::munmap), 0);
  EXPECT_EQ(schedule.decide(Function::mmap), EINTR);
}

TEST(FaultSchedule, WithoutPlanOnlyCounts) {
  FaultSchedule schedule;
  EXPECT_EQ(schedule.decide(Function::open), 0);
  EXPECT_FALSE(schedule.fired());
  EXPECT_EQ(schedule.total_calls(), 1U);
}

TEST(ParseFault, RoundTripsEveryField) {
  const FaultPlan plan{Function::fstat, 4, EOVERFLOW, true};
  EXPECT_EQ(format_fault(plan), "fstat:4:EOVERFLOW:persistent");
  EXPECT_EQ(parse_fault("fstat:4:EOVERFLOW:persistent"), plan);
  EXPECT_EQ(parse_fault("openat64:1:2"),
            (FaultPlan{Function::open, 1, ENOENT, false}));
  EXPECT_EQ(parse_fault("any:2:EIO"), (FaultPlan{std::nullopt, 2, EIO, false}));
}

TEST(ParseFault, RejectsMalformedText) {
  EXPECT_EQ(parse_fault("open:0:EIO"), std::nullopt);
  EXPECT_EQ(parse_fault("read:1:EIO"), std::nullopt);
  EXPECT_EQ(parse_fault("open:1:ENOTANERRNO"), std::nullopt);
  EXPECT_EQ(parse_fault("open:1"), std::nullopt);
  EXPECT_EQ(parse_fault("open:1:EIO:sometimes"), std::nullopt);
  EXPECT_EQ(parse_fault("open:1:EIO:transient:extra"), std::nullopt);
}

TEST(ErrnoCatalog, ListsTheManPageErrors) {
  EXPECT_EQ(documented_errors(Function::open).size(), 26U);
  EXPECT_EQ(documented_errors(Function::fstat).size(), 10U);
  EXPECT_EQ(documented_errors(Function::mmap).size(), 11U);
  EXPECT_EQ(documented_errors(Function::munmap).size(), 2U);
  EXPECT_EQ(documented_errors(Function::close).size(), 5U);
  for (const Function f : all_functions) {
    for (const int error : documented_errors(f)) {
      ASSERT_NE(errno_name(error), nullptr) << error;
      EXPECT_EQ(errno_from_name(errno_name(error)), error);
    }
  }
}

TEST(TraceFormat, NestsAcquisitionsAndReleases) {
  Script s;
  s.open(3, "/f");
  s.fstat(3);
  s.mmap(3, at, 5);
  Event callback;
  callback.kind = Event::Kind::note;
  callback.path = "callback";
  s.events.push_back(callback);
  s.munmap(at, 5);
  s.close(3);
  s.events[0].flags = O_RDONLY | O_CLOEXEC;
  s.events[2].prot = PROT_READ;
  EXPECT_EQ(format_trace(s.events, false),
            "open(\"/f\", O_RDONLY|O_CLOEXEC) = 3\n"
            "  fstat(3) = 0 {size -1, other}\n"
            "  mmap(NULL, 5, PROT_READ, MAP_SHARED, 3, 0) = ADDR\n"
            "    callback\n"
            "  munmap(ADDR, 5) = 0\n"
            "close(3) = 0\n");
}

TEST(TraceFormat, InjectedFailureShowsErrnoName) {
  Event e;
  e.function = Function::close;
  e.symbol = Symbol::close;
  e.fd = 4;
  e.result = -1;
  e.error = EINTR;
  e.injected = true;
  EXPECT_EQ(format_event(e), "close(4) = -1 EINTR (injected)");
}

TEST(Judge, ExactOperationAndErrnoIsClean) {
  const FaultPlan plan{Function::mmap, 1, ENOMEM, false};
  EXPECT_EQ(judge(plan, {"mmap", ENOMEM}, true, 0, 0), Verdict::clean_error);
  EXPECT_EQ(judge(plan, {"mmap", EINVAL}, true, 0, 0), Verdict::wrong_error);
  EXPECT_EQ(judge(plan, {"open", ENOMEM}, true, 0, 0), Verdict::wrong_error);
  EXPECT_EQ(judge(plan, {}, true, 0, 0), Verdict::swallowed);
  EXPECT_EQ(judge(plan, {"mmap", ENOMEM}, false, 0, 0), Verdict::not_reached);
  EXPECT_EQ(judge(plan, {"mmap", ENOMEM}, true, 1, 0), Verdict::leaked);
  EXPECT_EQ(judge(plan, {"mmap", ENOMEM}, true, 1, 1), Verdict::violated);
}

TEST(Judge, ChildThatDiesNamingTheCallDiedWithMessage) {
  const FaultPlan plan{Function::open, 1, EACCES, false};
  ChildResult child;
  child.exited = true;
  child.exit_code = 70;
  child.output = "ffikit: open(/f): Permission denied\n";
  EXPECT_EQ(judge_child(plan, child), Verdict::died_with_message);
  child.output = "ffikit: open(/f): No such file or directory\n";
  EXPECT_EQ(judge_child(plan, child), Verdict::died_otherwise);
  child.exited = false;
  child.signal = 11;
  EXPECT_EQ(judge_child(plan, child), Verdict::crashed);
}

}  // namespace
}  // namespace ffikit::check
