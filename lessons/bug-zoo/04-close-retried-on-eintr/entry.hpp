/// @file
/// Bug zoo 04: close retried on EINTR (see README.md).
#pragma once

/// Bug zoo 04: close retried on EINTR.
namespace ffikit::bug_zoo::close_retry {

/// Closes @p fd once. EINTR counts as closed: Linux has released the
/// descriptor by then.
/// @return 0, or close's errno for any other failure.
int close_once(int fd) noexcept;

}  // namespace ffikit::bug_zoo::close_retry
