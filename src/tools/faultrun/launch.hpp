/// @file
/// Starting a program and watching it to its end: its own process group,
/// nothing of ours inherited, stderr collected, the run over when the
/// program exits (descendants get a grace period), every read and wait
/// retried on EINTR.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ffikit::faultrun {

/// What to start and how long to wait for it.
struct Launch {
  /// The command; argv[0] is looked up in PATH when it has no slash.
  std::vector<std::string> argv;
  /// The program's whole environment, "NAME=value" each.
  std::vector<std::string> env;
  /// Keep stdout (the caller's); else it goes to /dev/null.
  bool show_stdout = false;
  /// The program is killed (with its process group) after this long.
  std::chrono::milliseconds timeout{10000};
  /// After the program exits, how long descendants may keep running (and
  /// holding the stderr pipe) before they are killed as lingering.
  std::chrono::milliseconds grace{300};
  /// Asked every poll_interval while the program runs; true stops it early
  /// (e.g. it is seen retrying one failing call forever).
  std::function<bool()> give_up;
  /// How often give_up is asked.
  std::chrono::milliseconds poll_interval{100};
  /// A descriptor of ours the program inherits at the same number, or -1
  /// (the fork server's socket).
  int keep_fd = -1;
};

/// How a launched program ended.
struct Ended {
  /// errno of the failed start (posix_spawn: not found, not executable,
  /// no memory), or 0 when the program ran.
  int spawn_error = 0;
  pid_t pid = 0;           ///< The program's process (and group).
  bool exited = false;     ///< Ended through exit.
  int exit_code = 0;       ///< Its status, when exited.
  int signal = 0;          ///< The signal that ended it, or 0.
  bool timed_out = false;  ///< Killed at the timeout.
  bool gave_up = false;    ///< Killed because give_up said so.
  /// Descendants still running when the grace period after the program's
  /// exit ran out; they were killed.
  std::vector<pid_t> lingering;
  /// The executables of the processes killed here (the program at a
  /// timeout, lingering descendants), read from /proc before the kill.
  std::map<pid_t, std::string> executables;
  std::string errors;  ///< Everything written to stderr.
  /// After the grace period the stderr pipe was still open, held by a
  /// process outside the program's group (one that left it, e.g. with
  /// setsid): reading stopped there.
  bool output_held = false;
  /// For a program killed while running (timeout, give_up): its
  /// /proc/PID/maps and /proc/PID/syscall and wchan just before the kill,
  /// so that its last call sites can be resolved and its blocking call
  /// named.
  std::string maps;
  std::string syscall;  ///< "/proc/PID/syscall" text ("257 0x... ...").
  std::string wchan;    ///< The kernel function it sleeps in, if any.
};

/// How a watcher learns that the program it watches has ended: from
/// waitpid on its own child, or from the fork server that forked it.
class ProgramEnd {
 public:
  ProgramEnd() = default;
  virtual ~ProgramEnd() = default;
  ProgramEnd(const ProgramEnd&) = delete;
  ProgramEnd& operator=(const ProgramEnd&) = delete;
  ProgramEnd(ProgramEnd&&) = delete;
  ProgramEnd& operator=(ProgramEnd&&) = delete;
  /// A descriptor that becomes readable when the program may have ended,
  /// or -1 (then the watcher looks every 10 ms).
  [[nodiscard]] virtual int descriptor() const = 0;
  /// The program's wait status if it has ended, without waiting.
  virtual std::optional<int> ended() = 0;
  /// Waits for the program's end (after it was sent SIGKILL).
  virtual int wait() = 0;
};

/// Watches the started program @p pid (the leader of its own process
/// group) as launch_and_wait() does: reads its stderr from @p error_read_end
/// (taken over and closed), learns its end from @p end, and applies
/// @p launch's timeout, give_up and grace. Safe to call from several
/// threads at once, each with its own program.
Ended watch_program(const Launch& launch, pid_t pid, int error_read_end,
                    ProgramEnd& end);

/// waitpid(@p pid, @p status, @p flags) for a child of the caller, retried
/// while a signal interrupts it. @return waitpid's result.
int wait_for(pid_t pid, int flags, int& status);

/// Starts @p launch.argv as launch_and_wait() does (its own process group,
/// default signal dispositions, stdout as Launch says), with stderr on
/// @p error_fd, and returns at once: the caller reaps @p pid.
/// @return 0, or the errno of the failed start.
int start_program(const Launch& launch, int error_fd, pid_t& pid);

/// Starts @p launch.argv and waits as described in Launch. Every descriptor
/// this program opens is close-on-exec, so the program inherits only what
/// the caller of ffikit-faultrun gave it, plus the stdout and stderr set up
/// here. Safe to call from several threads at once.
Ended launch_and_wait(const Launch& launch);

/// The name of system call @p number on this architecture, for the calls a
/// program typically blocks in ("openat", "read", "wait4", ...); the
/// number as text for others.
std::string syscall_name(long number);

/// "openat (kernel: wait_for_partner)" from the contents of
/// /proc/PID/syscall and /proc/PID/wchan; empty when the process was not
/// in a system call. Pure.
std::string describe_blocking(const std::string& syscall,
                              const std::string& wchan);

}  // namespace ffikit::faultrun
