/// @file
/// Fault sweeps as a grader reports them: one line per injected fault that
/// did not end in a clean error, naming the fault, what the code reported
/// and what the checker found.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ffikit/check/ledger.hpp"
#include "ffikit/check/sweep.hpp"

namespace ffikit::lessons {

/// One line for every case of @p report whose verdict is not a clean error,
/// in sweep order, e.g.
/// "fstat:1:EOVERFLOW:transient: leaked (reported 'fstat' errno EOVERFLOW);
/// leaked descriptor: fd 3 from #0 open(/tmp/x)".
///
/// A sweep run in child processes (SweepOptions::in_child) records no
/// findings, so each such case that ended normally is run once more in this
/// process, under the same fault plan and @p nesting, to name what it
/// leaked or broke. A case that crashed or hung is described by its signal
/// or its timeout and the last line it printed.
/// @pre no check::Session is armed.
[[nodiscard]] std::vector<std::string> unclean_cases(
    const check::SweepReport& report,
    const std::function<check::Outcome()>& operation,
    check::Nesting nesting = check::Nesting::strict);

/// The first @p limit lines of @p lines, each on its own line, followed by
/// "... and N more" when some were left out. For failure messages.
[[nodiscard]] std::string first_lines(const std::vector<std::string>& lines,
                                      std::size_t limit = 3);

}  // namespace ffikit::lessons
