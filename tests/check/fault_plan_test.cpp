// Fault plans as text and as values: equality looks at every member, an
// errno the catalog cannot name survives a round trip as a number, and the
// call number must be a plain decimal.
#include <cerrno>

#include <gtest/gtest.h>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/fault.hpp"
#include "ffikit/check/report.hpp"

namespace ffikit::check {
namespace {

TEST(FaultPlan, PlansDifferingInOneMemberAreUnequal) {
  const FaultPlan plan{Function::mmap, 2, ENOMEM, true};
  EXPECT_EQ(plan, (FaultPlan{Function::mmap, 2, ENOMEM, true}));
  EXPECT_NE(plan, (FaultPlan{std::nullopt, 2, ENOMEM, true}));
  EXPECT_NE(plan, (FaultPlan{Function::munmap, 2, ENOMEM, true}));
  EXPECT_NE(plan, (FaultPlan{Function::mmap, 1, ENOMEM, true}));
  EXPECT_NE(plan, (FaultPlan{Function::mmap, 2, EINVAL, true}));
  EXPECT_NE(plan, (FaultPlan{Function::mmap, 2, ENOMEM, false}));
}

TEST(FormatFault, AnyTargetAndTransientMode) {
  EXPECT_EQ(format_fault(FaultPlan{std::nullopt, 3, EINTR, false}),
            "any:3:EINTR:transient");
}

TEST(FormatFault, UnnamedErrnoRoundTripsAsNumber) {
  const FaultPlan plan{Function::close, 1, 4095, true};
  EXPECT_EQ(format_fault(plan), "close:1:4095:persistent");
  EXPECT_EQ(parse_fault(format_fault(plan)), plan);
}

TEST(ParseFault, ModeDefaultsToTransient) {
  EXPECT_EQ(parse_fault("munmap:7:EINVAL"),
            (FaultPlan{Function::munmap, 7, EINVAL, false}));
  EXPECT_EQ(parse_fault("mmap64:1:EAGAIN:transient"),
            (FaultPlan{Function::mmap, 1, EAGAIN, false}));
}

TEST(ParseFault, CallNumberMustBePlainDecimal) {
  for (const char* text :
       {"open::EIO", "open:x:EIO", "open:1x:EIO", "open:-1:EIO", "open:+1:EIO",
        "open: 1:EIO", "open:99999999999999999999999:EIO"}) {
    EXPECT_EQ(parse_fault(text), std::nullopt) << text;
  }
}

TEST(ParseFault, EmptyOrShortTextIsRejected) {
  EXPECT_EQ(parse_fault(""), std::nullopt);
  EXPECT_EQ(parse_fault("open"), std::nullopt);
  EXPECT_EQ(parse_fault("any:1:"), std::nullopt);
  EXPECT_EQ(parse_fault("open:1:EIO:"), std::nullopt);
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

TEST(ParseFault, EveryPlanOfTheCatalogRoundTrips) {
  std::size_t plans = 0;
  for (const Function f : all_functions) {
    for (const int error : documented_errors(f)) {
      for (const bool persistent : {false, true}) {
        const FaultPlan plan{f, 3, error, persistent};
        EXPECT_EQ(parse_fault(format_fault(plan)), plan) << format_fault(plan);
        ++plans;
      }
    }
  }
  EXPECT_GT(plans, 0U);
}

TEST(ParseFault, SymbolNamesTargetTheirOperation) {
  EXPECT_EQ(parse_fault("fopen64:1:ENOENT"),
            (FaultPlan{Function::fopen, 1, ENOENT, false}));
  EXPECT_EQ(parse_fault("creat:2:EACCES:persistent"),
            (FaultPlan{Function::open, 2, EACCES, true}));
  EXPECT_EQ(parse_fault("closefrom:1:EINVAL"),
            (FaultPlan{Function::close_range, 1, EINVAL, false}));
  EXPECT_EQ(parse_fault("EWOULDBLOCK:1:EIO"), std::nullopt);
}

TEST(FaultSchedule, PersistentAnyTargetKeepsFailingTheOperationItHit) {
  FaultSchedule schedule(FaultPlan{std::nullopt, 2, ENOMEM, true});
  EXPECT_EQ(schedule.decide(Function::open), 0);
  EXPECT_EQ(schedule.decide(Function::mmap), ENOMEM);  // the second call
  EXPECT_EQ(schedule.decide(Function::open), 0);
  EXPECT_EQ(schedule.decide(Function::mmap), ENOMEM);
  EXPECT_TRUE(schedule.fired());
  EXPECT_EQ(schedule.injected(), 2U);
  EXPECT_EQ(schedule.total_calls(), 4U);
  EXPECT_EQ(schedule.calls(Function::open), 2U);
  EXPECT_EQ(schedule.calls(Function::mmap), 2U);
}

TEST(FaultSchedule, PlanBeyondTheCallsNeverFires) {
  FaultSchedule schedule(FaultPlan{Function::close, 5, EIO, false});
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(schedule.decide(Function::close), 0);
  }
  EXPECT_FALSE(schedule.fired());
  EXPECT_EQ(schedule.injected(), 0U);
}

}  // namespace
}  // namespace ffikit::check
