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
#pragma once

#include <string>
#include <string_view>

#include "ffikit/check/function.hpp"
#include "ffikit/check/symbol.hpp"

namespace ffikit::faultrun {

/// The failed call a message must report.
struct FailedCall {
  check::Function function = check::Function::open;  ///< The operation.
  check::Symbol symbol = check::Symbol::open;  ///< The C name called.
  int error = 0;      ///< The errno it failed with.
  std::string path;   ///< The path involved, or empty when unknown.
};

/// How stderr measured up to the rule.
enum class MessageCheck : unsigned char {
  named,          ///< A line gives the reason and names the path or call.
  no_message,     ///< Nothing was written to stderr.
  no_reason,      ///< No line gives the errno's text or name.
  names_nothing,  ///< Lines give the reason, but none names path or call.
};

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
