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
///
/// - Stage 1 is the post's walk, unchanged: it ends the process on every
///   error and opens a FIFO blocking. Run it in a child process only.
/// - Stage 2 is composed by hand from its owners as a careful caller
///   would: it looks at the path first (stage2::status_of(path)) and
///   refuses what is not a regular file without opening it, narrows the
///   size with stage3::narrow_file_size(), maps exactly that many bytes
///   (so an empty or /proc file meets mmap's EINVAL, stage 2's known gap)
///   and releases both explicitly, reporting the first failure.
/// - Stages 3 and 4 use their callback APIs with Options::read_below set
///   to 0, so that every regular file with a size is mapped and the tour
///   shows the post's walk; they read what cannot be mapped.
/// @return success, or the failed step and errno the stage reported; for
/// stages 3 and 4 the message must read "OP(PATH): REASON" exactly, or the
/// operation is reported as "malformed: ...".
check::Outcome run_stage(int stage, const std::string& path);

/// The sweep options for stage @p stage: every call, errno and mode, in a
/// child for stage 1, and for stages 3 and 4 the faults their written
/// policy answers with the file's bytes (a refused mmap read instead, a
/// close error on a read-only descriptor other than EBADF).
check::SweepOptions sweep_options(int stage);

/// What the tour says about the file before it starts: "a regular file of
/// 612 bytes", "a FIFO", "a directory", ... from a look that opens nothing.
std::string describe_file(const std::string& path);

/// What the stage told its caller about the last failure, as text
/// (e.g. the exception's what()); empty after a success.
const std::string& last_message() noexcept;

}  // namespace ffikit::tour
