/// @file
/// Stage 2: a move-only owner of one file descriptor.
///
/// The post's `FileDescriptor` struct with a `Drop` impl, in C++: the
/// descriptor is closed exactly once, by whoever owns it last. Unlike the
/// post's version, the owner can be moved, released and closed explicitly,
/// and an explicit close reports the error a destructor must swallow.
#pragma once

#include <sys/stat.h>

#include <string_view>
#include <system_error>

/// Stage 2 of the kit: RAII owners of a descriptor and a mapping.
namespace ffikit::stage2 {

/// Owns one open file descriptor, or nothing (get() == -1).
///
/// Move-only: a copy would close the same descriptor twice, and the second
/// close could hit a descriptor another thread has just been given.
/// A moved-from owner is empty and safe to destroy or reassign.
///
/// @code
/// std::error_code error;
/// ffikit::stage2::FileDescriptor fd =
///     ffikit::stage2::open_read_only("/etc/hostname", error);
/// if (!error) { /* use fd.get() */ }
/// @endcode
class FileDescriptor {
 public:
  /// An owner of nothing.
  FileDescriptor() noexcept = default;
  /// Takes ownership of @p fd (a negative value means nothing is owned).
  explicit FileDescriptor(int fd) noexcept : fd_(fd < 0 ? -1 : fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  /// Takes @p other's descriptor; @p other is left empty.
  FileDescriptor(FileDescriptor&& other) noexcept;
  /// Closes what this owns, then takes @p other's descriptor.
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  /// Closes the descriptor if one is owned. Errors are ignored: Linux has
  /// released the descriptor whatever close returns, and a destructor must
  /// not throw. Call close() to see them.
  ~FileDescriptor();

  /// The owned descriptor, or -1. Ownership stays here.
  [[nodiscard]] int get() const noexcept { return fd_; }
  /// True when a descriptor is owned.
  [[nodiscard]] bool is_open() const noexcept { return fd_ >= 0; }
  /// Same as is_open().
  explicit operator bool() const noexcept { return is_open(); }

  /// Gives up ownership without closing. @return the descriptor, or -1.
  [[nodiscard]] int release() noexcept;

  /// Closes the owned descriptor once and reports close's error.
  ///
  /// The owner is empty afterwards even on error: close is never retried,
  /// because on Linux the descriptor is gone after EINTR or EIO and a retry
  /// could close a descriptor that another thread has just opened.
  /// @return the errno of a failed close(2) (EBADF, EINTR, EIO, ...), or an
  /// empty error_code on success or when nothing was owned.
  std::error_code close() noexcept;

  /// Exchanges the descriptors of two owners.
  friend void swap(FileDescriptor& a, FileDescriptor& b) noexcept {
    const int held = a.fd_;
    a.fd_ = b.fd_;
    b.fd_ = held;
  }

 private:
  int fd_ = -1;
};

/// Flags of every descriptor the kit opens: read-only, and close-on-exec so
/// that it never leaks into a child process (CERT FIO42-C, PEP 446).
int read_only_flags() noexcept;

/// Opens @p path with read_only_flags() plus @p extra_flags (e.g.
/// O_NONBLOCK, so that opening a FIFO does not wait for a writer).
///
/// The path is copied into a NUL-terminated buffer on the stack (nothing is
/// allocated). A path that contains a NUL byte is rejected with EINVAL
/// before open(2) is called, because C would silently open the shorter path
/// in front of the NUL; a path of PATH_MAX bytes or more is rejected with
/// ENAMETOOLONG, exactly as the kernel would.
///
/// @param[out] error set to open(2)'s errno, EINVAL for an interior NUL,
/// ENAMETOOLONG for an overlong path; cleared on success.
/// @return the owner of the new descriptor, or an empty owner on error.
FileDescriptor open_read_only(std::string_view path, std::error_code& error,
                              int extra_flags = 0) noexcept;

/// Calls fstat(2) on @p fd.
/// @param[out] error fstat's errno (EBADF, EIO, EOVERFLOW, ...), or EBADF
/// without a call if @p fd owns nothing; cleared on success.
/// @return the status, zero-filled on error.
struct stat status_of(const FileDescriptor& fd,
                      std::error_code& error) noexcept;

}  // namespace ffikit::stage2
