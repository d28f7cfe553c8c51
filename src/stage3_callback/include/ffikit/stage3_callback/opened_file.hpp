/// @file
/// The first half of getting a file's contents: look, decide, open, look
/// again, decide again. What to do with the descriptor (map it, read it,
/// stream it) is the second half; FileMapping and ffikit-cat each do it
/// their own way.
#pragma once

#include <sys/stat.h>

#include <string_view>

#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage3_callback/failure.hpp"
#include "ffikit/stage3_callback/policy.hpp"

namespace ffikit::stage3 {

/// A file opened for its contents, with what the kit decided about it.
struct OpenedFile {
  /// Read-only, close-on-exec; O_NONBLOCK unless the plan is
  /// ContentsRoute::read_special.
  stage2::FileDescriptor descriptor;
  /// What fstat(2) said about the open descriptor.
  struct stat status {};
  /// plan_contents() for that status; never ContentsRoute::refuse.
  ContentsPlan plan{ContentsRoute::refuse, 0, 0};
};

/// Opens @p path for its contents, deciding before anything is opened.
///
/// 1. Looks at the path with fstatat(2) (stage2::status_of()), which opens
///    nothing, and asks plan_contents(). A refusal ends here: a directory,
///    a socket, or a FIFO or device the caller did not allow is never
///    opened, so a FIFO's writer blocked in its own open stays blocked
///    (opening a FIFO to look at it would release the writer, and closing
///    it again would kill the writer with SIGPIPE).
/// 2. Opens with O_RDONLY | O_CLOEXEC | O_NOCTTY, plus O_NONBLOCK unless
///    the plan is to read a FIFO or device the caller allowed (that open
///    waits for a writer, as cat's does). O_NONBLOCK changes nothing for a
///    regular file and keeps a FIFO that replaced it after the look from
///    blocking the open.
/// 3. fstat(2)s the descriptor and asks plan_contents() again, since the
///    path may name another file by now; the second answer is the one
///    kept. A file that became a FIFO the caller allows is then read
///    through the non-blocking descriptor (EAGAIN if nothing was written).
///
/// If the look fails (no such file, no permission, a NUL in the path), the
/// open is made anyway and reports the error: the errno is the same, and
/// it comes from the call that really refused.
///
/// Errors, as (operation, errno):
/// - ("check", EISDIR) for a directory; ("check", ENODEV) for a socket, or
///   a FIFO or device the caller did not allow; ("check", EOVERFLOW) for a
///   size that does not fit; found before or after the open;
/// - ("open", EINVAL) for a path with a NUL byte and ("open",
///   ENAMETOOLONG) for one of PATH_MAX bytes or more, without a call;
/// - ("open", errno) when open(2) fails: ENOENT, EACCES, ELOOP, ENXIO, ...;
/// - ("fstat", errno) when fstat(2) fails.
/// @param[out] out replaced on success; untouched on error, and whatever
/// was opened has been closed again.
/// @return an empty Failure on success.
Failure open_for_contents(std::string_view path, const Options& options,
                          OpenedFile& out) noexcept;

}  // namespace ffikit::stage3
