/// @file
/// Stage 2: a move-only owner of one file descriptor.
///
/// The post's `FileDescriptor` struct with a `Drop` impl, in C++: the
/// descriptor is closed exactly once, by whoever owns it last. Unlike the
/// post's version, the owner can be moved, released and closed explicitly,
/// and an explicit close reports the error a destructor must swallow.
#pragma once

#include <fcntl.h>
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
/// Releasing without a caller to tell (the destructor, and a move-assignment
/// over an owner that still holds a descriptor) keeps `errno` as it was, so
/// an error the caller is about to report is not overwritten (Android's
/// `unique_fd` does the same). close(2) failing there with EBADF means the
/// descriptor was closed behind this owner's back: an ownership bug, handed
/// to the ownership-bug handler (see set_ownership_bug_handler()), which
/// aborts by default. Every other close error is ignored there, because
/// Linux has released the descriptor whatever close returned.
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
  /// Releases what this owns as the destructor does (errno kept, EBADF to
  /// the ownership-bug handler), then takes @p other's descriptor.
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  /// Closes the descriptor if one is owned, keeping errno unchanged. EBADF
  /// goes to the ownership-bug handler; other errors are ignored (the
  /// descriptor is released all the same). Call close() to see them.
  ~FileDescriptor();

  /// The owned descriptor, or -1. Ownership stays here.
  [[nodiscard]] int get() const noexcept { return fd_; }
  /// True when a descriptor is owned.
  [[nodiscard]] bool is_open() const noexcept { return fd_ >= 0; }
  /// Same as is_open().
  explicit operator bool() const noexcept { return is_open(); }

  /// Gives up ownership without closing. @return the descriptor, or -1.
  [[nodiscard]] int release() noexcept;

  /// Closes the owned descriptor once and reports close's error as it is.
  ///
  /// The owner is empty afterwards even on error: close is never retried,
  /// because on Linux the descriptor is gone after EINTR or EIO and a retry
  /// could close a descriptor that another thread has just opened. What an
  /// error means is the caller's decision: stages 3 and 4 count every
  /// error but EBADF on a read-only descriptor as a completed release (see
  /// ffikit::stage3::close_error_loses_nothing()).
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
  // Closes for the destructor and move-assignment: errno kept, EBADF to the
  // ownership-bug handler.
  void close_unreported() noexcept;

  int fd_ = -1;
};

/// A descriptor that someone else owns, lent for the length of one call.
///
/// The functions that take one (status_of(), map_read_only(), map_region())
/// never close it, and a mapping made from it does not depend on it: on
/// Linux a mapping keeps its own reference to the file. Converts implicitly
/// from a FileDescriptor, so an owner can be lent without ceremony; a raw
/// number (a descriptor inherited or owned by other code) must be wrapped
/// explicitly.
///
/// @code
/// std::error_code error;
/// ffikit::stage2::MappedRegion region = ffikit::stage2::map_read_only(
///     ffikit::stage2::BorrowedDescriptor(STDIN_FILENO), 4096, error);
/// @endcode
class BorrowedDescriptor {
 public:
  /// Lends @p fd (a negative value lends nothing).
  explicit constexpr BorrowedDescriptor(int fd) noexcept
      : fd_(fd < 0 ? -1 : fd) {}
  /// Lends the descriptor @p owner holds (or nothing, if it holds none).
  /// @pre @p owner outlives the use of this borrow.
  // NOLINTNEXTLINE(google-explicit-constructor): lending is the common case.
  BorrowedDescriptor(const FileDescriptor& owner) noexcept : fd_(owner.get()) {}

  /// The lent descriptor, or -1.
  [[nodiscard]] constexpr int get() const noexcept { return fd_; }
  /// True when a descriptor is lent.
  [[nodiscard]] constexpr bool is_open() const noexcept { return fd_ >= 0; }

 private:
  int fd_;
};

/// Called by a destructor (or a move-assignment) whose close(2) failed with
/// EBADF, with the descriptor number it owned.
///
/// EBADF there means another part of the program closed the descriptor
/// first. Between that close and this one the number may have been handed
/// to another file, which this owner has just closed; the program is
/// already wrong, and continuing spreads the damage to whoever owns the
/// number now (Android's fdsan documentation tells the whole story).
/// Chromium's ScopedFD crashes on it; fdsan aborts or warns.
using OwnershipBugHandler = void (*)(int fd) noexcept;

/// Writes "ffikit: close(FD) in a destructor failed with EBADF: ..." (one
/// line naming @p fd and why it matters) to @p out with write(2): no
/// allocation, async-signal-safe, errors ignored. For handlers that log
/// and carry on.
void write_ownership_bug(int fd, int out = 2) noexcept;

/// The default OwnershipBugHandler: write_ownership_bug() to standard
/// error, then std::abort(), in every build, as Chromium's ScopedFD does.
[[noreturn]] void abort_on_ownership_bug(int fd) noexcept;

/// Installs @p handler for every FileDescriptor in the process, or the
/// default (abort_on_ownership_bug()) when @p handler is nullptr.
///
/// Meant for programs that must not abort (they may log and carry on) and
/// for fault injectors: a checker that fails close(2) with EBADF on purpose
/// after really closing the descriptor is no ownership bug. Thread-safe.
/// @return the handler that was installed before.
OwnershipBugHandler set_ownership_bug_handler(
    OwnershipBugHandler handler) noexcept;

/// Flags every descriptor the kit opens carries: read-only, and
/// close-on-exec so that it never leaks into a child process (CERT FIO42-C,
/// PEP 446). open_read_only() also passes O_NOCTTY, a flag that only
/// matters during open(2) and is not kept on the descriptor.
int read_only_flags() noexcept;

/// The flags open_read_only() accepts in its extra_flags: each keeps the
/// descriptor read-only and creates nothing. O_NONBLOCK (do not wait for a
/// FIFO's writer or a device), O_NOCTTY, O_NOFOLLOW, O_NOATIME, O_DIRECTORY,
/// O_CLOEXEC, O_LARGEFILE and O_DIRECT.
///
/// Refused by their absence: the access modes O_WRONLY and O_RDWR, and
/// everything that creates or changes a file (O_CREAT, O_EXCL, O_TRUNC,
/// O_APPEND, O_TMPFILE), or changes what the descriptor is (O_PATH,
/// O_ASYNC). O_CREAT would also make open(2) read a mode argument that
/// open_read_only() never passes.
inline constexpr int read_only_extra_flags =
    O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_NOATIME | O_DIRECTORY | O_CLOEXEC |
    O_LARGEFILE | O_DIRECT;

/// True when @p extra_flags holds only read_only_extra_flags. Pure.
constexpr bool extra_flags_are_read_only(int extra_flags) noexcept {
  return (extra_flags & ~read_only_extra_flags) == 0;
}

/// Opens @p path with read_only_flags() | O_NOCTTY plus @p extra_flags
/// (e.g. O_NONBLOCK, so that opening a FIFO does not wait for a writer).
///
/// The path is copied into a NUL-terminated buffer on the stack (nothing is
/// allocated). A path that contains a NUL byte is rejected with EINVAL
/// before open(2) is called, because C would silently open the shorter path
/// in front of the NUL; a path of PATH_MAX bytes or more is rejected with
/// ENAMETOOLONG, exactly as the kernel would. O_NOCTTY is always passed, so
/// opening a terminal never makes it this process's controlling terminal.
///
/// @param[out] error set to open(2)'s errno; EINVAL, before any call, for
/// an interior NUL or for @p extra_flags outside read_only_extra_flags;
/// ENAMETOOLONG for an overlong path; cleared on success.
/// @return the owner of the new descriptor, or an empty owner on error.
FileDescriptor open_read_only(std::string_view path, std::error_code& error,
                              int extra_flags = 0) noexcept;

/// Calls fstat(2) on @p fd.
/// @param[out] error fstat's errno (EBADF, EOVERFLOW, ...), or EBADF
/// without a call if @p fd lends nothing; cleared on success.
/// @return the status, zero-filled on error.
struct stat status_of(BorrowedDescriptor fd, std::error_code& error) noexcept;

/// Asks for the status of the file @p path names without opening it:
/// fstatat(AT_FDCWD, path, ..., 0), which follows symbolic links as open(2)
/// does.
///
/// This is how the kit decides what a file is before it opens anything:
/// opening a FIFO or a device can have effects (a FIFO's blocked writer is
/// released, a tape rewinds), looking at it cannot.
/// @param[out] error fstatat's errno (ENOENT, EACCES, ENOTDIR, ELOOP, ...);
/// EINVAL for a path with a NUL byte and ENAMETOOLONG for one of PATH_MAX
/// bytes or more, both before any call; cleared on success.
/// @return the status, zero-filled on error.
struct stat status_of(std::string_view path, std::error_code& error) noexcept;

}  // namespace ffikit::stage2
