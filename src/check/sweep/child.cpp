#include "ffikit/check/child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <exception>

#if defined(FFIKIT_COVERAGE_BUILD)
// The coverage runtime writes its counters at exit(); a child that leaves
// with _exit() must ask for it, or the code it ran would count as untested.
extern "C" int __llvm_profile_write_file(void);
#endif

namespace ffikit::check {
namespace {

void write_coverage_counters() {
#if defined(FFIKIT_COVERAGE_BUILD)
  static_cast<void>(__llvm_profile_write_file());
#endif
}

}  // namespace

ChildResult run_in_child(const std::function<void()>& body,
                         std::chrono::milliseconds timeout) {
  ChildResult result;
  std::array<int, 2> pipe_ends{};
  // SAFETY: pipe_ends has room for the two descriptors pipe2 writes.
  if (::pipe2(pipe_ends.data(), O_CLOEXEC) != 0) {
    result.spawn_error = errno;
    return result;
  }
  static_cast<void>(std::fflush(nullptr));
  // SAFETY: the child only redirects its output, runs body and _exits, so
  // it never returns into the caller's stack frames.
  const pid_t pid = ::fork();
  if (pid < 0) {
    result.spawn_error = errno;
    ::close(pipe_ends[0]);
    ::close(pipe_ends[1]);
    return result;
  }
  if (pid == 0) {
    // SAFETY: the write end is open; dup2 onto 1 and 2 clears O_CLOEXEC.
    ::dup2(pipe_ends[1], STDOUT_FILENO);
    ::dup2(pipe_ends[1], STDERR_FILENO);
    // An exception must not unwind into the copy of the caller's frames:
    // the child would go on running the rest of the parent's program.
    int status = 0;
    try {
      body();
    } catch (const std::exception& error) {
      static_cast<void>(std::fprintf(
          stderr, "ffikit-check: the child's code threw: %s\n", error.what()));
      status = uncaught_exception_status;
    } catch (...) {
      static_cast<void>(
          std::fputs("ffikit-check: the child's code threw\n", stderr));
      status = uncaught_exception_status;
    }
    static_cast<void>(std::fflush(nullptr));
    write_coverage_counters();
    ::_exit(status);
  }
  ::close(pipe_ends[1]);
  return collect_child(pid, pipe_ends[0], timeout, pid);
}

ChildResult collect_child(pid_t pid, int output_fd,
                          std::chrono::milliseconds timeout,
                          pid_t kill_target) {
  ChildResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::array<char, 4096> buffer{};
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      // SAFETY: kill_target is our own unreaped child or its own process
      // group, so the signal cannot reach an unrelated process.
      ::kill(kill_target, SIGKILL);
      result.timed_out = true;
      break;
    }
    pollfd waiting{output_fd, POLLIN, 0};
    // SAFETY: one valid pollfd.
    if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) {
      continue;
    }
    // SAFETY: reads into a buffer of the size passed.
    const ssize_t got = ::read(output_fd, buffer.data(), buffer.size());
    if (got <= 0) {
      break;
    }
    result.output.append(buffer.data(), static_cast<std::size_t>(got));
  }
  // SAFETY: output_fd was handed to us and is closed exactly once.
  ::close(output_fd);
  int status = 0;
  // SAFETY: reaps our own child exactly once.
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) {
    result.exited = true;
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

}  // namespace ffikit::check
