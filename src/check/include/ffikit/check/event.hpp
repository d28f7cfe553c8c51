/// @file
/// One entry of the checker's trace: a watched call with its arguments and
/// result, or a note the code under test added (e.g. "callback").
#pragma once

#include <cstddef>
#include <cstdint>

#include "ffikit/check/function.hpp"
#include "ffikit/check/symbol.hpp"
#include "ffikit/check/text.hpp"

namespace ffikit::check {

/// A recorded call. Trivially copyable and fixed in size, so that recording
/// one never allocates. Fields that do not apply to the call keep their
/// defaults (e.g. `path` is empty for close).
///
/// Which fields a call fills:
/// - open family: `path`, `dirfd`, `flags`, `mode`; result is the descriptor.
/// - fstat: `fd`; on success `file_size`, `file_mode`, `file_device` and
///   `file_inode`.
/// - dup: `fd` (the source); dup2/dup3 `fd2` (the target), dup3 `flags`.
/// - fcntl: `fd`, `flags` (the command), `fd2` (the lowest number asked).
/// - pipe, socketpair: result 0; `fd` and `fd2` are the two new ends.
/// - socket, accept, eventfd, memfd_create, signalfd, timerfd_create,
///   epoll_create, inotify_init: `flags` (type or flags), `fd` (accept's
///   listener, signalfd's target or -1), `path` (memfd's name).
/// - close: `fd`. close_range/closefrom: `fd`..`fd2`, `flags`.
/// - fopen/freopen: `path`, `stream`; fdopen: `fd`, `stream`; the result is
///   the descriptor the stream owns. fclose: `stream`, `fd` (its descriptor).
/// - opendir/fdopendir/closedir: as the stream calls, for a DIR*.
/// - mmap: `address` (the hint), `length`, `prot`, `map_flags`, `fd`,
///   `offset`; result is the address (-1 for MAP_FAILED).
/// - munmap: `address`, `length`. mremap: `address`, `length` (old),
///   `new_length`, `map_flags`, `new_address`; result the new address.
/// - exec: `path`; exit: `flags` (the status); fork: result the pid.
struct Event {
  /// A watched call, or a note inserted with note().
  enum class Kind : unsigned char { call, note };
  Kind kind = Kind::call;              ///< What this entry is.
  std::size_t index = 0;               ///< Position in the trace, from 0.
  Function function = Function::open;  ///< The operation (calls only).
  Symbol symbol = Symbol::open;        ///< Symbol called ("openat").
  Text path;                           ///< A path, a name, or the note.
  int dirfd = -100;                    ///< openat's directory (AT_FDCWD).
  int flags = 0;                       ///< Flags of the call (see above).
  unsigned mode = 0;                   ///< open's mode (O_CREAT/O_TMPFILE).
  int fd = -1;                         ///< The descriptor used or released.
  int fd2 = -1;                        ///< A second descriptor (see above).
  std::uintptr_t address = 0;          ///< mmap's hint, munmap's address.
  std::uintptr_t new_address = 0;      ///< mremap's MREMAP_FIXED target.
  std::uintptr_t stream = 0;           ///< The FILE* or DIR* involved.
  std::size_t length = 0;              ///< mmap/munmap length, mremap old.
  std::size_t new_length = 0;          ///< mremap's new length.
  int prot = 0;                        ///< mmap protection.
  int map_flags = 0;                   ///< mmap or mremap flags.
  std::int64_t offset = 0;             ///< mmap offset.
  std::int64_t file_size = -1;         ///< fstat's st_size on success.
  unsigned file_mode = 0;              ///< fstat's st_mode on success.
  std::uint64_t file_device = 0;       ///< fstat's st_dev on success.
  std::uint64_t file_inode = 0;        ///< fstat's st_ino on success.
  /// The value returned: a descriptor, 0/-1, or an address (-1 for
  /// MAP_FAILED or a NULL stream).
  std::intptr_t result = 0;
  int error = 0;             ///< errno when the call failed, else 0.
  bool injected = false;     ///< The failure was injected.
  bool quarantined = false;  ///< munmap left a PROT_NONE reservation.
  /// munmap of a range the ledger does not hold: whether the kernel still
  /// had any of it mapped just before the call (known only then).
  bool range_was_mapped = true;
  /// The address the call returns to in the program: its call site.
  std::uintptr_t site = 0;

  /// True when the call failed (really or by injection).
  [[nodiscard]] bool failed() const noexcept { return result == -1; }
};

}  // namespace ffikit::check
