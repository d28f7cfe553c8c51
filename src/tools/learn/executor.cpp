#include "executor.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>  // sigabbrev_np, strsignal (GNU)
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

namespace ffikit::learn {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t keep_head = 2U << 20U;
constexpr std::size_t keep_tail = 1U << 20U;

// One command in flight.
struct Running {
  std::size_t index = 0;
  pid_t pid = -1;
  int output = -1;  // read end of its stdout+stderr pipe
  Clock::time_point started;
  std::string head;  // the first keep_head bytes
  std::string tail;  // the bytes after them, at most 2 * keep_tail
  std::size_t dropped = 0;
  bool killed = false;
};

void keep(Running& run, const char* data, std::size_t size) {
  const std::size_t to_head = std::min(size, keep_head - run.head.size());
  run.head.append(data, to_head);
  run.tail.append(data + to_head, size - to_head);
  if (run.tail.size() > 2 * keep_tail) {
    const std::size_t cut = run.tail.size() - keep_tail;
    run.dropped += cut;
    run.tail.erase(0, cut);
  }
}

// Starts @p command; on failure says why in @p ending and returns false.
bool start(const Command& command, Running& run, Ending& ending) {
  std::vector<std::string> words = command.argv;
  if (words.empty()) {
    ending.output = "nothing to run";
    return false;
  }
  std::vector<char*> args;
  args.reserve(words.size() + 1);
  for (std::string& word : words) {
    args.push_back(word.data());
  }
  args.push_back(nullptr);
  std::array<int, 2> pipe_fds{-1, -1};
  // SAFETY: pipe_fds has room for the two descriptors pipe2 returns.
  if (::pipe2(pipe_fds.data(), O_CLOEXEC) != 0) {
    ending.output =
        std::string("cannot create a pipe: ") + std::strerror(errno);
    return false;
  }
  const pid_t parent = ::getpid();
  // SAFETY: the runner is single-threaded, so the child may run ordinary
  // code before exec: it only redirects, sets variables, changes directory.
  const pid_t child = ::fork();
  if (child == 0) {
    // SAFETY: a new process group, so that a timeout can kill everything
    // the command started; it also leaves the terminal's Ctrl-C to the
    // runner, so the check must die with the runner instead (a hung test
    // would otherwise run on for ever).
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) {
      ::_exit(127);  // the runner ended before the line above
    }
    // SAFETY: the pipe's write end becomes stdout and stderr (dup2 clears
    // close-on-exec on the copies); stdin reads nothing.
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null >= 0) {
      ::dup2(null, STDIN_FILENO);
    }
    for (const std::string& setting : command.environment) {
      const std::size_t equals = setting.find('=');
      if (equals != std::string::npos) {
        // SAFETY: the child is single-threaded; the strings live until exec.
        ::setenv(setting.substr(0, equals).c_str(),
                 setting.substr(equals + 1).c_str(), 1);
      }
    }
    // SAFETY: the directory's string is NUL-terminated; args ends in nullptr.
    if ((!command.directory.empty() &&
         ::chdir(command.directory.c_str()) != 0) ||
        ::execvp(args[0], args.data()) != 0) {
      const std::string why =
          "cannot run " + command.argv[0] + ": " + std::strerror(errno) + "\n";
      // SAFETY: writes a buffer this process owns to its own stderr.
      static_cast<void>(::write(STDERR_FILENO, why.data(), why.size()));
    }
    ::_exit(127);
  }
  // SAFETY: the write end belongs to the child now; closing ours lets the
  // reads see end-of-file once the child and its children are done.
  ::close(pipe_fds[1]);
  if (child < 0) {
    ending.output = std::string("cannot fork: ") + std::strerror(errno);
    ::close(pipe_fds[0]);
    return false;
  }
  // Also from the parent, so that a kill right after fork reaches the group.
  ::setpgid(child, child);
  run.pid = child;
  run.output = pipe_fds[0];
  run.started = Clock::now();
  return true;
}

double elapsed(const Running& run) {
  return std::chrono::duration<double>(Clock::now() - run.started).count();
}

// Reaps a command whose output has ended; one that closed its output but
// goes on running still meets its timeout.
void finish(Running& run, double timeout, Ending& ending) {
  // SAFETY: the read end is ours and closed once.
  ::close(run.output);
  int status = 0;
  while (true) {
    // SAFETY: pid is this process's own child, reaped once.
    const pid_t reaped = ::waitpid(run.pid, &status, WNOHANG);
    if (reaped == run.pid || (reaped < 0 && errno != EINTR)) {
      break;
    }
    if (reaped == 0) {
      if (!run.killed && timeout > 0 && elapsed(run) >= timeout) {
        // SAFETY: the command's own process group, made at start.
        ::kill(-run.pid, SIGKILL);
        run.killed = true;
      }
      ::usleep(5000);
    }
  }
  ending.started = true;
  ending.seconds = elapsed(run);
  ending.timed_out = run.killed;
  ending.exited = WIFEXITED(status);
  ending.exit_code = ending.exited ? WEXITSTATUS(status) : 0;
  ending.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  ending.output = std::move(run.head);
  if (run.dropped > 0) {
    ending.output += "\n[... " + std::to_string(run.dropped) +
                     " bytes of output left out ...]\n";
  }
  ending.output += run.tail;
}

}  // namespace

std::vector<Ending> run_commands(const std::vector<Command>& commands,
                                 unsigned jobs) {
  std::vector<Ending> endings(commands.size());
  std::vector<Running> running;
  std::size_t next = 0;
  const std::size_t limit = std::max(1U, jobs);
  std::array<char, 65536> buffer{};
  while (next < commands.size() || !running.empty()) {
    while (next < commands.size() && running.size() < limit) {
      Running run;
      run.index = next;
      endings[next].timeout = commands[next].timeout;
      if (start(commands[next], run, endings[next])) {
        running.push_back(std::move(run));
      }
      ++next;
    }
    if (running.empty()) {
      continue;
    }
    std::vector<pollfd> fds;
    int wait_ms = 200;
    for (const Running& run : running) {
      fds.push_back({run.output, POLLIN, 0});
      const double timeout = commands[run.index].timeout;
      if (timeout > 0 && !run.killed) {
        const double left = timeout - elapsed(run);
        wait_ms = std::min(wait_ms, std::max(0, static_cast<int>(left * 1000)));
      }
    }
    // SAFETY: fds holds one valid pollfd per running command.
    ::poll(fds.data(), fds.size(), wait_ms);
    for (std::size_t i = running.size(); i-- > 0;) {
      Running& run = running[i];
      bool done = false;
      if (fds[i].revents != 0) {
        // SAFETY: buffer is writable for its whole size.
        const ssize_t got = ::read(run.output, buffer.data(), buffer.size());
        if (got > 0) {
          keep(run, buffer.data(), static_cast<std::size_t>(got));
        } else if (got == 0 || errno != EINTR) {
          done = true;
        }
      }
      const double timeout = commands[run.index].timeout;
      if (!done && !run.killed && timeout > 0 && elapsed(run) >= timeout) {
        // SAFETY: the command's own process group, made at start.
        ::kill(-run.pid, SIGKILL);
        run.killed = true;
      }
      // A process outside the group may still hold the pipe: stop waiting
      // for its end a little after the kill.
      if (run.killed && elapsed(run) >= timeout + 2) {
        done = true;
      }
      if (done) {
        finish(run, timeout, endings[run.index]);
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }
  return endings;
}

std::string signal_text(int signal) {
  const char* abbrev = ::sigabbrev_np(signal);
  const char* text = ::strsignal(signal);
  if (abbrev == nullptr) {
    return "signal " + std::to_string(signal);
  }
  return std::string("SIG") + abbrev + " (" + (text != nullptr ? text : "?") +
         ")";
}

}  // namespace ffikit::learn
