/// @file
/// Lesson 2: the interface of a move-only descriptor owner. This header is
/// the grader's; you implement it in file_descriptor.cpp.
#pragma once

#include <string_view>
#include <system_error>

/// Lesson 2's exercise namespace.
namespace lesson02 {

/// Owns one open descriptor, or nothing (get() == -1). Move-only: a copy
/// would close the same number twice.
class FileDescriptor {
 public:
  /// Owns nothing.
  FileDescriptor() noexcept = default;
  /// Takes ownership of @p fd; a negative value means nothing is owned.
  explicit FileDescriptor(int fd) noexcept : fd_(fd < 0 ? -1 : fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  /// Takes @p other's descriptor and leaves @p other empty.
  FileDescriptor(FileDescriptor&& other) noexcept;
  /// Closes what this owns, then takes @p other's descriptor.
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  /// Closes the owned descriptor, ignoring errors; never throws.
  ~FileDescriptor();

  /// The owned descriptor, or -1.
  [[nodiscard]] int get() const noexcept { return fd_; }
  /// True when a descriptor is owned.
  [[nodiscard]] bool is_open() const noexcept { return fd_ >= 0; }
  /// Gives up ownership without closing. @return the descriptor, or -1.
  [[nodiscard]] int release() noexcept;
  /// Closes once, never retrying, and leaves the owner empty even on error.
  /// @return close(2)'s errno, or an empty code (also when nothing is owned).
  std::error_code close() noexcept;

 private:
  int fd_ = -1;
};

/// The flags every read-only open uses: O_RDONLY | O_CLOEXEC.
int read_only_flags() noexcept;

/// Opens @p path with read_only_flags() | @p extra_flags.
/// @param[out] error open(2)'s errno, or EINVAL (without calling open) when
/// @p path contains a NUL byte; cleared on success.
/// @return the owner, empty on error.
FileDescriptor open_read_only(std::string_view path, std::error_code& error,
                              int extra_flags = 0) noexcept;

}  // namespace lesson02
