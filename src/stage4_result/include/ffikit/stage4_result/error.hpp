/// @file
/// ffikit::Error: a failed C call as a value (operation, errno, path).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <system_error>

namespace ffikit {

/// A failed step of mapping a file, carried as a value instead of thrown.
///
/// This answers the post's comment thread, which asked for a Result instead
/// of `fail!`: the caller decides what an error means.
/// @code
/// ffikit::Error e{"open", {ENOENT, std::system_category()}, "/etc/mot"};
/// e.message() == "open(/etc/mot): No such file or directory";
/// @endcode
class Error {
 public:
  /// Builds an error. @p operation is the C call ("open", "fstat", "mmap",
  /// "munmap", "close"); @p code is its errno; @p path is kept exactly,
  /// NUL bytes and all.
  Error(std::string_view operation, std::error_code code, std::string path)
      : operation_(operation), code_(code), path_(std::move(path)) {}

  /// The C call that failed.
  [[nodiscard]] const std::string& operation() const noexcept {
    return operation_;
  }
  /// The errno it left, in the system category.
  [[nodiscard]] const std::error_code& code() const noexcept { return code_; }
  /// The path, exactly as the caller gave it.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// "OPERATION(PATH): REASON", with unprintable path bytes escaped
  /// (same text as stage 3's exception).
  [[nodiscard]] std::string message() const;

  /// Errors are equal when operation, code and path are.
  friend bool operator==(const Error&, const Error&) = default;

 private:
  std::string operation_;
  std::error_code code_;
  std::string path_;
};

/// Writes error.message().
std::ostream& operator<<(std::ostream& out, const Error& error);

}  // namespace ffikit
