// Fault plans as text and as values: equality looks at every member, an
// errno the catalog cannot name survives a round trip as a number, and the
// call number must be a plain decimal.
#include <cerrno>

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace ffikit::check
