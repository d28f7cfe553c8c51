/// @file
/// Bug zoo 08: open without O_CLOEXEC (see README.md).
#pragma once

/// Bug zoo 08: open without O_CLOEXEC.
namespace ffikit::bug_zoo::cloexec {

/// Opens @p path read-only. @return the descriptor, or -1 with errno set.
int open_read_only(const char* path) noexcept;

}  // namespace ffikit::bug_zoo::cloexec
