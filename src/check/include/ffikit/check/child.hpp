/// @file
/// Running a piece of code in a forked child, for code that may end the
/// process (stage 1 dies on every error) or crash.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>

namespace ffikit::check {

/// How a child ended and what it wrote.
struct ChildResult {
  bool exited = false;     ///< Ended through exit/_exit.
  int exit_code = 0;       ///< Its status, when exited.
  int signal = 0;          ///< The signal that ended it, or 0.
  bool timed_out = false;  ///< Killed after the timeout.
  std::string output;      ///< Everything written to stdout and stderr.
  /// errno of the pipe2 or fork that failed, when no child ran; else 0.
  int spawn_error = 0;
};

/// Exit status of a child whose body threw (the exception is reported on
/// its stderr and goes no further).
inline constexpr int uncaught_exception_status = 125;

/// Forks; the child points stdout and stderr into a pipe, runs @p body and
/// ends with _exit(0) if @p body returns, or _exit(uncaught_exception_status)
/// if it throws. The parent collects the output and
/// the status, killing the child with SIGKILL after @p timeout.
/// @pre no session is armed in the caller (the child arms its own).
/// @return the result; if no child could be started (pipe2 or fork failed)
/// spawn_error holds the errno and nothing else is set.
ChildResult run_in_child(
    const std::function<void()>& body,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

/// The parent's half of watching a child: reads @p output_fd until end of
/// file or @p timeout, closes it, then reaps @p pid. At the timeout it sends
/// SIGKILL to @p kill_target (the child's pid, or minus its process group
/// to take grandchildren along) and sets timed_out.
/// @pre @p pid is an unreaped child of this process and @p output_fd the
/// read end of a pipe whose write end only the child holds.
ChildResult collect_child(pid_t pid, int output_fd,
                          std::chrono::milliseconds timeout, pid_t kill_target);

}  // namespace ffikit::check
