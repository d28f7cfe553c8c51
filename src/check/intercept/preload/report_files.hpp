// Internal: the files the preload library writes for each watched process,
// without allocating (a report may be written from _exit in a signal
// handler):
//   DIR/PID.N.trace   the trace ring, a shared file mapping written as calls
//                     happen, so it survives a crash or a kill
//   DIR/PID.N.report  the JSON-lines report, written when the watch ends
// N counts the program images one pid runs (exec keeps the pid).
#pragma once

#include <cstddef>

#include "ffikit/check/report.hpp"
#include "monitor.hpp"

namespace ffikit::check::preload {

/// @cond internal
/// Remembers where reports go, what this executable is and the fault plan's
/// text (for the report's header). The strings are copied; false when one
/// does not fit.
bool set_report_place(const char* directory, const char* executable,
                      const char* fault) noexcept;

/// Creates this process's trace file and maps it.
/// @return the ring storage (ring_bytes(ring_capacity) bytes), or nullptr.
void* create_trace_file() noexcept;

/// Writes this process's report for @p ending (@p status < 0: unknown).
/// @pre the lock is held.
void write_report(detail::State& state, Ending ending, int status) noexcept;

/// Removes the report written for an exec that then failed: the process
/// goes on and will write another.
void withdraw_report() noexcept;
/// @endcond

}  // namespace ffikit::check::preload
