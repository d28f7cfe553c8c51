/// @file
/// The error-message rule: what counts as a program reporting a failed
/// call. Pure: no system calls.
///
/// A failure is reported when one line of stderr gives the errno's reason
/// (its strerror text, in any letter case, or its symbolic name such as
/// ENOENT) and names either the path involved or the call (as a word).
/// Accepted, for example:
/// - the kit's own "ffikit-cat: mmap(/tmp/a): Cannot allocate memory";
/// - the Unix tools' "cat: /tmp/a: Permission denied" and
///   "head: cannot open '/tmp/a' for reading: Permission denied";
/// - perror's "open: No such file or directory";
/// - Python's "PermissionError: [Errno 13] Permission denied: '/tmp/a'".
///
/// Rejected: a message without the reason ("cannot read /tmp/a"), and a
/// message that names neither path nor call ("prog: Permission denied").
///
/// What counts as naming:
/// - the path: the path the call used or, for a call on a descriptor,
///   stream or mapping, the path it was opened from; for the standard
///   descriptors 0, 1 and 2 without a known path, their names ("standard
///   output", "stdout", ...);
/// - the call: the operation's name, the C name called, or a word for what
///   the operation does: "opening" for open; "closing", "write" and
///   "flush" for the releases (close, fclose, closedir), because a failing
///   close reports a delayed write (EIO, ENOSPC, EDQUOT) and programs say
///   "write error"; "stat" for fstat; "map" and "mapping" for mmap;
///   "unmap" for munmap.
///
/// The reason may also be that of a real failure that followed the fault
/// on the same path (see FailedCall::more_errors).
///
/// When the failed call was on stderr itself (descriptor 2), no message
/// can be written: a non-zero exit is the whole report.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ffikit/check/function.hpp"
#include "ffikit/check/symbol.hpp"

namespace ffikit::faultrun {

/// The failed call a message must report.
struct FailedCall {
  check::Function function = check::Function::open;  ///< The operation.
  check::Symbol symbol = check::Symbol::open;        ///< The C name called.
  int error = 0;     ///< The errno it failed with.
  std::string path;  ///< The path involved, or empty when unknown.
  int fd = -1;       ///< The descriptor involved, or -1.
  /// Paths of later calls the same (persistent) fault failed: a message
  /// about any of them reports the fault too.
  std::vector<std::string> more_paths;
  /// Errnos of real failures that followed on the same path (cp, refused
  /// an open of its destination, creates it with O_EXCL and reports that
  /// call's EEXIST): the program reports the last failure it saw.
  std::vector<int> more_errors;
};

/// How stderr measured up to the rule.
enum class MessageCheck : unsigned char {
  named,          ///< A line gives the reason and names the path or call.
  no_message,     ///< Nothing was written to stderr.
  no_reason,      ///< No line gives the errno's text or name.
  names_nothing,  ///< Lines give the reason, but none names path or call.
  stderr_failed,  ///< The call failed on stderr: no message is possible.
};

/// True for the checks that count as a report (named, stderr_failed).
constexpr bool reported(MessageCheck check) noexcept {
  return check == MessageCheck::named || check == MessageCheck::stderr_failed;
}

/// The words besides its names that name @p function in a message
/// ("opening" for open, "write" for close, ...); see the file comment.
std::span<const std::string_view> call_words(check::Function function) noexcept;

/// Applies the rule to @p errors (a program's whole stderr).
MessageCheck check_message(std::string_view errors, const FailedCall& call);

/// Why a check failed, for reports ("the message names neither the path
/// nor the call"); empty for MessageCheck::named.
const char* explain(MessageCheck check) noexcept;

/// True when @p word occurs in @p text with no letter, digit or '_' on
/// either side.
bool contains_word(std::string_view text, std::string_view word) noexcept;

/// True when @p needle occurs in @p text, ASCII letters compared without
/// regard to case.
bool contains_ignoring_case(std::string_view text,
                            std::string_view needle) noexcept;

}  // namespace ffikit::faultrun
