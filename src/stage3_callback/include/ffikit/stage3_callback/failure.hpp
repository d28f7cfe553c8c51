/// @file
/// How the kit names a failed step: the operation, the errno and the path,
/// printed as "open(/etc/mot): No such file or directory".
#pragma once

#include <string>
#include <string_view>
#include <system_error>

/// Stage 3 of the kit: the safe callback API with nested lifetimes.
namespace ffikit::stage3 {

/// The name of the step in which the kit's own policy refuses a file, for
/// a Failure that no C call produced: "check(/tmp): Is a directory". The
/// policy is plan_contents(); its errno is ContentsPlan::refusal.
inline constexpr const char* check_step = "check";

/// The step that failed and why; empty (false) when nothing failed.
struct Failure {
  /// The step that failed: the C call ("open", "fstat", "mmap", "madvise",
  /// "read", "munmap", "close"), or check_step when the kit's policy
  /// refused the file before any call could; nullptr when nothing failed.
  /// Always a string literal. A refusal is never named after a call that
  /// was not made.
  const char* operation = nullptr;
  /// The errno the call left, in the system category.
  std::error_code code;
  /// True when something failed.
  explicit operator bool() const noexcept { return operation != nullptr; }
};

/// Renders @p path for a message without losing or hiding bytes: printable
/// ASCII is kept, a backslash becomes `\\`, a NUL becomes `\0` and every
/// other byte `\xHH` (two lower-case hex digits). The result is never
/// shorter than the information in the path, so a message cannot silently
/// truncate it.
std::string printable_path(std::string_view path);

/// "OPERATION(PATH): REASON", REASON being @p code's message.
/// @code
/// describe("open", "/etc/mot", {ENOENT, std::system_category()})
///   == "open(/etc/mot): No such file or directory"
/// @endcode
std::string describe(std::string_view operation, std::string_view path,
                     const std::error_code& code);

/// Throws std::system_error whose code() is @p failure.code and whose what()
/// is describe(failure.operation, path, failure.code).
/// @pre @p failure is not empty.
[[noreturn]] void throw_failure(const Failure& failure, std::string_view path);

}  // namespace ffikit::stage3
