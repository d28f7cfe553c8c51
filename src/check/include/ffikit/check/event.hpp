/// @file
/// One entry of the checker's trace: a watched call with its arguments and
/// result, or a note the code under test added (e.g. "callback").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ffikit/check/function.hpp"

namespace ffikit::check {

/// A recorded call. Fields that do not apply to the call keep their
/// defaults (e.g. `path` is empty for close).
struct Event {
  /// A watched call, or a note inserted with note().
  enum class Kind : unsigned char { call, note };
  Kind kind = Kind::call;              ///< What this entry is.
  std::size_t index = 0;               ///< Position in the trace, from 0.
  Function function = Function::open;  ///< The operation (calls only).
  const char* symbol = "";             ///< Symbol called ("openat", "mmap64").
  std::string path;                    ///< open's path, or the note's text.
  int dirfd = -100;                    ///< openat's directory (AT_FDCWD).
  int flags = 0;                       ///< open's flags.
  unsigned mode = 0;                   ///< open's mode (O_CREAT/O_TMPFILE).
  int fd = -1;                         ///< fstat/mmap/close descriptor.
  std::uintptr_t address = 0;          ///< munmap's address, mmap's hint.
  std::size_t length = 0;              ///< mmap/munmap length.
  int prot = 0;                        ///< mmap protection.
  int map_flags = 0;                   ///< mmap flags.
  std::int64_t offset = 0;             ///< mmap offset.
  std::int64_t file_size = -1;         ///< fstat's st_size on success.
  unsigned file_mode = 0;              ///< fstat's st_mode on success.
  /// The value returned: a descriptor, 0/-1, or mmap's address
  /// (-1 for MAP_FAILED).
  std::intptr_t result = 0;
  int error = 0;             ///< errno when the call failed, else 0.
  bool injected = false;     ///< The failure was injected.
  bool quarantined = false;  ///< munmap left a PROT_NONE reservation.

  /// True when the call failed (really or by injection).
  [[nodiscard]] bool failed() const noexcept { return result == -1; }
};

}  // namespace ffikit::check
