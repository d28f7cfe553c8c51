/// @file
/// Which cases a sweep runs. Pure.
#pragma once

#include <vector>

#include "ffikit/check/fault.hpp"
#include "ffikit/check/report.hpp"
#include "options.hpp"

namespace ffikit::faultrun {

/// The sweep's cases, in the order they run and are printed: for each of
/// options.functions, each call number (those of --calls, else 1 .. the
/// clean run's count in @p counted), each errno (--errnos, else the man
/// page's list), transient then persistent as --modes says. EINTR is
/// injected transiently only, unless --persistent-eintr: a signal
/// interrupts one call, never every call for ever.
std::vector<check::FaultPlan> plan_cases(const Options& options,
                                         const check::Report& counted);

}  // namespace ffikit::faultrun
