/// @file
/// Helpers for tests that meet the files the 2013 post never met: /proc and
/// /sys files, and FIFOs whose writer is already waiting. Shared by the
/// stage 3, stage 4 and ffikit-cat suites.
#pragma once

#include <sys/types.h>

#include <string>

namespace ffikit::hostile {

/// The whole content of @p path as read(2) returns it (the way to see a
/// /proc or /sys file, whose fstat size is 0); "" if it cannot be opened
/// or read.
std::string read_with_read(const std::string& path);

/// Why an address-space limit (setrlimit(RLIMIT_AS), `ulimit -v`) cannot be
/// tested in this build, or nullptr when it can: ASan reserves terabytes of
/// shadow address space at start, and valgrind's own allocator needs more
/// room than such a limit leaves.
const char* address_space_limit_unsupported() noexcept;

/// A child process that opens a FIFO for writing, which blocks until some
/// process opens it for reading, then writes a message and exits 0. If the
/// reader has gone by the time it writes, SIGPIPE kills it (a shell reports
/// status 141).
///
/// The constructor returns once the child is blocked in open(2), as
/// /proc/PID/syscall shows.
class BlockedFifoWriter {
 public:
  /// Starts the writer of @p message into @p fifo; fails the current test
  /// if the child cannot be started or never blocks in open(2).
  BlockedFifoWriter(std::string fifo, std::string message);
  /// Kills and reaps the child if it still runs.
  ~BlockedFifoWriter();
  BlockedFifoWriter(const BlockedFifoWriter&) = delete;
  BlockedFifoWriter& operator=(const BlockedFifoWriter&) = delete;
  BlockedFifoWriter(BlockedFifoWriter&&) = delete;
  BlockedFifoWriter& operator=(BlockedFifoWriter&&) = delete;

  /// True when the child is still inside its open(2) after a grace period
  /// of 100 ms, which is far longer than a released writer needs to leave
  /// it: nothing has opened the FIFO for reading since the constructor.
  [[nodiscard]] bool still_blocked() const;

  /// Opens the FIFO for reading (which lets the writer through), reads to
  /// end of file and closes. "" if the writer had already gone.
  std::string drain() const;

  /// Waits for the child: its exit status, or 128 + the signal that ended
  /// it (141 for SIGPIPE), as a shell reports it.
  int wait_status();

  /// The child's process id.
  [[nodiscard]] pid_t pid() const noexcept { return pid_; }

 private:
  std::string fifo_;
  pid_t pid_ = -1;
};

}  // namespace ffikit::hostile
