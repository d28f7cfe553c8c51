/// @file
/// The tour's view of the four stages: one call that maps a file, hands its
/// bytes to a callback (which leaves a note in the checker's trace) and
/// reports the outcome.
#pragma once

#include <string>

#include "ffikit/check/sweep.hpp"

namespace ffikit::tour {

/// Number of stages.
inline constexpr int stage_count = 4;

/// A stage's one-line title, e.g. "stage 3: callback, errors thrown".
const char* stage_title(int stage) noexcept;

/// Maps @p path with stage @p stage (1 to 4), counts its lines in the
/// callback and releases everything.
/// @return success, or the failed call and errno the stage reported; for
/// stage 3 and 4 the message must read "OP(PATH): REASON" exactly, or the
/// operation is reported as "malformed: ...". Stage 1 never returns on an
/// error: it ends the process.
check::Outcome run_stage(int stage, const std::string& path);

/// What the stage told its caller about the last failure, as text
/// (e.g. the exception's what()); empty after a success.
const std::string& last_message() noexcept;

}  // namespace ffikit::tour
