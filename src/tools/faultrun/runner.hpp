/// @file
/// Running sweep cases @p jobs at a time, results delivered in case order.
#pragma once

#include <cstddef>
#include <functional>

#include "judged_run.hpp"

namespace ffikit::faultrun {

/// Runs cases 0 .. @p count - 1 through @p run_case, up to @p jobs at once
/// on worker threads (none when @p jobs is 1), and hands each result to
/// @p done on the calling thread, in case order, as soon as it and every
/// earlier case are finished. So the output of a parallel sweep is the
/// serial one, only sooner.
void run_cases(std::size_t count, unsigned jobs,
               const std::function<JudgedRun(std::size_t)>& run_case,
               const std::function<void(std::size_t, JudgedRun&&)>& done);

}  // namespace ffikit::faultrun
