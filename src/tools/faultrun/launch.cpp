#include "launch.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <string_view>
#include <utility>

#include "descriptor.hpp"
#include "files.hpp"

namespace ffikit::faultrun {
namespace {

using Clock = std::chrono::steady_clock;

// posix_spawn's attributes and file actions, destroyed on every path out.
class SpawnSetup {
 public:
  SpawnSetup() noexcept {
    // SAFETY: both objects are initialised once here and destroyed once in
    // the destructor.
    ::posix_spawnattr_init(&attributes_);
    ::posix_spawn_file_actions_init(&actions_);
  }
  ~SpawnSetup() {
    // SAFETY: initialised in the constructor.
    ::posix_spawn_file_actions_destroy(&actions_);
    ::posix_spawnattr_destroy(&attributes_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  SpawnSetup(SpawnSetup&&) = delete;
  SpawnSetup& operator=(SpawnSetup&&) = delete;
  posix_spawnattr_t* attributes() noexcept { return &attributes_; }
  posix_spawn_file_actions_t* actions() noexcept { return &actions_; }

 private:
  posix_spawnattr_t attributes_{};
  posix_spawn_file_actions_t actions_{};
};

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (std::string& s : strings) {
    out.push_back(s.data());
  }
  out.push_back(nullptr);
  return out;
}

// Starts the program in its own process group with default signal
// dispositions and an empty mask, stderr into @p error_pipe and stdout to
// /dev/null unless kept. @return 0 or the errno.
int spawn(const Launch& launch, int error_pipe, pid_t& pid) {
  SpawnSetup setup;
  sigset_t none;
  sigset_t all;
  // SAFETY: both sets are local and filled before use.
  ::sigemptyset(&none);
  ::sigfillset(&all);
  // SAFETY: setup's objects are initialised; the sets outlive the spawn.
  ::posix_spawnattr_setflags(setup.attributes(), POSIX_SPAWN_SETPGROUP |
                                                     POSIX_SPAWN_SETSIGMASK |
                                                     POSIX_SPAWN_SETSIGDEF);
  ::posix_spawnattr_setpgroup(setup.attributes(), 0);
  ::posix_spawnattr_setsigmask(setup.attributes(), &none);
  ::posix_spawnattr_setsigdefault(setup.attributes(), &all);
  // The pipe's ends are close-on-exec; dup2 gives stderr a copy without
  // the flag, and the originals vanish at exec.
  ::posix_spawn_file_actions_adddup2(setup.actions(), error_pipe,
                                     STDERR_FILENO);
  if (!launch.show_stdout) {
    ::posix_spawn_file_actions_addopen(setup.actions(), STDOUT_FILENO,
                                       "/dev/null", O_WRONLY, 0);
  }
  if (launch.keep_fd >= 0) {
    // dup2 onto itself clears close-on-exec (glibc 2.29 and later).
    ::posix_spawn_file_actions_adddup2(setup.actions(), launch.keep_fd,
                                       launch.keep_fd);
  }
  std::vector<std::string> argv = launch.argv;
  std::vector<std::string> env = launch.env;
  std::vector<char*> raw_argv = pointers(argv);
  std::vector<char*> raw_env = pointers(env);
  // SAFETY: both arrays are NULL-terminated and outlive the call;
  // posix_spawnp reports a failed exec as its result.
  return ::posix_spawnp(&pid, raw_argv[0], setup.actions(), setup.attributes(),
                        raw_argv.data(), raw_env.data());
}

void record_status(int status, Ended& ended) {
  if (WIFEXITED(status)) {
    ended.exited = true;
    ended.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    ended.signal = WTERMSIG(status);
  }
}

// Processes whose process group is @p group (the program's descendants
// that did not leave it), from /proc.
std::vector<pid_t> group_members(pid_t group) {
  std::vector<pid_t> out;
  // SAFETY: opendir opens close-on-exec; closed below.
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) {
    return out;
  }
  // SAFETY: readdir on the stream opened above.
  while (const dirent* entry = ::readdir(proc)) {
    const std::string_view name = entry->d_name;
    pid_t pid = 0;
    const auto [end, error] =
        std::from_chars(name.data(), name.data() + name.size(), pid);
    if (error != std::errc{} || end != name.data() + name.size()) {
      continue;
    }
    const auto stat = read_file("/proc/" + std::string(name) + "/stat", 4096);
    // "PID (COMM) STATE PPID PGRP ...": COMM may hold spaces and
    // parentheses, so fields are counted after its last ')'.
    const std::size_t close = stat ? stat->rfind(')') : std::string::npos;
    if (close == std::string::npos) {
      continue;
    }
    std::string_view rest = std::string_view(*stat).substr(close + 1);
    for (int field = 0; field < 3 && !rest.empty(); ++field) {
      const std::size_t start = rest.find_first_not_of(' ');
      rest.remove_prefix(start == std::string_view::npos ? rest.size() : start);
      if (field < 2) {
        rest.remove_prefix(std::min(rest.find(' '), rest.size()));
      }
    }
    pid_t group_of = 0;
    std::from_chars(rest.data(), rest.data() + rest.size(), group_of);
    if (group_of == group && pid != group) {
      out.push_back(pid);
    }
  }
  // SAFETY: the stream opened above, closed once.
  ::closedir(proc);
  return out;
}

bool group_alive(pid_t group) {
  // SAFETY: signal 0 only asks whether the group has a member.
  return ::kill(-group, 0) == 0;
}

std::string executable_of(pid_t pid) {
  std::string target(4096, '\0');
  const std::string link = "/proc/" + std::to_string(pid) + "/exe";
  // SAFETY: readlink writes at most target.size() bytes and no terminator.
  const ssize_t n = ::readlink(link.c_str(), target.data(), target.size());
  target.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return target;
}

void snapshot(pid_t pid, Ended& ended) {
  const std::string base = "/proc/" + std::to_string(pid);
  ended.executables[pid] = executable_of(pid);
  ended.maps = read_file(base + "/maps").value_or("");
  ended.syscall = read_file(base + "/syscall", 4096).value_or("");
  ended.wchan = read_file(base + "/wchan", 4096).value_or("");
}

// The end of our own child, through its pidfd and waitpid.
class ChildEnd : public ProgramEnd {
 public:
  // SAFETY: pid is our unreaped child, so the number cannot be reused
  // before the pidfd refers to it; pidfds are always close-on-exec. The
  // raw system call: glibc 2.36's <sys/pidfd.h> lacks C++ linkage.
  explicit ChildEnd(pid_t pid)
      : pid_(pid),
        exit_fd_(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0U))) {}
  [[nodiscard]] int descriptor() const override { return exit_fd_.get(); }
  std::optional<int> ended() override {
    int status = 0;
    if (wait_for(pid_, WNOHANG, status) == pid_) {
      exit_fd_.reset();
      return status;
    }
    return std::nullopt;
  }
  int wait() override {
    int status = 0;
    static_cast<void>(wait_for(pid_, 0, status));
    exit_fd_.reset();
    return status;
  }

 private:
  pid_t pid_;
  Descriptor exit_fd_;
};

}  // namespace

int wait_for(pid_t pid, int flags, int& status) {
  for (;;) {
    // SAFETY: pid is the caller's own child; status is written by the
    // kernel.
    const pid_t got = ::waitpid(pid, &status, flags);
    if (got >= 0 || errno != EINTR) {
      return static_cast<int>(got);
    }
  }
}

int start_program(const Launch& launch, int error_fd, pid_t& pid) {
  return spawn(launch, error_fd, pid);
}

Ended launch_and_wait(const Launch& launch) {
  Ended ended;
  std::array<int, 2> ends{};
  // SAFETY: ends has room for the two descriptors; both are close-on-exec.
  if (::pipe2(ends.data(), O_CLOEXEC) != 0) {
    ended.spawn_error = errno;
    return ended;
  }
  Descriptor write_end(ends[1]);
  pid_t pid = 0;
  ended.spawn_error = spawn(launch, write_end.get(), pid);
  write_end.reset();
  if (ended.spawn_error != 0) {
    // SAFETY: our own read end, closed once.
    ::close(ends[0]);
    return ended;
  }
  ChildEnd end(pid);
  return watch_program(launch, pid, ends[0], end);
}

Ended watch_program(const Launch& launch, pid_t pid, int error_read_end,
                    ProgramEnd& end) {
  Ended ended;
  Descriptor read_end(error_read_end);
  ended.pid = pid;
  const auto start = Clock::now();
  const auto deadline = start + launch.timeout;
  auto next_question = start + launch.poll_interval;
  Clock::time_point grace_end{};
  bool reaped = false;
  bool output_done = false;
  std::array<char, 4096> buffer{};
  for (;;) {
    if (!reaped) {
      if (const std::optional<int> status = end.ended()) {
        reaped = true;
        record_status(*status, ended);
        grace_end = Clock::now() + launch.grace;
      }
    }
    const auto now = Clock::now();
    if (reaped && output_done && !group_alive(pid)) {
      break;
    }
    if (reaped && now >= grace_end) {
      ended.output_held = !output_done;
      ended.lingering = group_members(pid);
      for (const pid_t member : ended.lingering) {
        ended.executables[member] = executable_of(member);
      }
      // SAFETY: the program's own process group, whose leader we reaped;
      // its number stays reserved while members remain.
      ::kill(-pid, SIGKILL);
      break;
    }
    if (!reaped) {
      const bool late = now >= deadline;
      const bool ask = launch.give_up && now >= next_question;
      if (ask) {
        next_question = now + launch.poll_interval;
      }
      if (late || (ask && launch.give_up())) {
        snapshot(pid, ended);
        // SAFETY: the program's own process group (it is unreaped, so the
        // number is still its own).
        ::kill(-pid, SIGKILL);
        ended.timed_out = late;
        ended.gave_up = !late;
        // Reaped, not recorded: the SIGKILL is ours, not the program's.
        static_cast<void>(end.wait());
        break;
      }
    }
    // Sleep until output, the program's exit, or the next thing to check.
    auto wake = reaped ? grace_end : deadline;
    if (!reaped && launch.give_up) {
      wake = std::min(wake, next_question);
    }
    if (reaped && output_done) {
      // Descendants that closed the pipe but still run: look again soon.
      wake = std::min(wake, now + std::chrono::milliseconds(10));
    }
    std::array<pollfd, 2> waiting{};
    nfds_t count = 0;
    if (!output_done) {
      waiting[count++] = pollfd{read_end.get(), POLLIN, 0};
    }
    if (!reaped && end.descriptor() >= 0) {
      waiting[count++] = pollfd{end.descriptor(), POLLIN, 0};
    }
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(wake - now);
    if (!reaped && end.descriptor() < 0) {
      // No pidfd (an old kernel): look at the child every 10 ms.
      left = std::min(left, std::chrono::milliseconds(10));
    }
    // SAFETY: waiting holds count valid entries; EINTR just loops.
    const int ready = ::poll(waiting.data(), count,
                             static_cast<int>(std::max<long long>(
                                 0, static_cast<long long>(left.count()))));
    if (ready <= 0 || output_done || (waiting[0].revents == 0)) {
      continue;
    }
    // SAFETY: reads into buffer within its size.
    const ssize_t got = ::read(read_end.get(), buffer.data(), buffer.size());
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) {
      continue;
    }
    if (got <= 0) {
      output_done = true;
      read_end.reset();
      continue;
    }
    ended.errors.append(buffer.data(), static_cast<std::size_t>(got));
  }
  // Whatever is still buffered in the pipe was written before the end.
  if (read_end.get() >= 0) {
    // SAFETY: O_NONBLOCK on our own read end, so draining cannot block on
    // a writer that was just killed but whose pipe end lingers.
    ::fcntl(read_end.get(), F_SETFL, O_NONBLOCK);
    for (;;) {
      // SAFETY: reads into buffer within its size.
      const ssize_t got = ::read(read_end.get(), buffer.data(), buffer.size());
      if (got < 0 && errno == EINTR) {
        continue;
      }
      if (got <= 0) {
        break;
      }
      ended.errors.append(buffer.data(), static_cast<std::size_t>(got));
    }
  }
  return ended;
}

std::string syscall_name(long number) {
  static constexpr std::array<std::pair<long, const char*>, 32> names = {{
      {SYS_read, "read"},
      {SYS_write, "write"},
#ifdef SYS_open
      {SYS_open, "open"},
#else
      {-1, ""},
#endif
      {SYS_openat, "openat"},
      {SYS_close, "close"},
#ifdef SYS_poll
      {SYS_poll, "poll"},
#else
      {-1, ""},
#endif
      {SYS_ppoll, "ppoll"},
#ifdef SYS_select
      {SYS_select, "select"},
#else
      {-1, ""},
#endif
      {SYS_pselect6, "pselect6"},
      {SYS_readv, "readv"},
      {SYS_writev, "writev"},
      {SYS_pread64, "pread64"},
#ifdef SYS_pause
      {SYS_pause, "pause"},
#else
      {-1, ""},
#endif
      {SYS_nanosleep, "nanosleep"},
      {SYS_clock_nanosleep, "clock_nanosleep"},
      {SYS_wait4, "wait4"},
      {SYS_waitid, "waitid"},
      {SYS_futex, "futex"},
#ifdef SYS_epoll_wait
      {SYS_epoll_wait, "epoll_wait"},
#else
      {-1, ""},
#endif
      {SYS_epoll_pwait, "epoll_pwait"},
      {SYS_accept, "accept"},
      {SYS_accept4, "accept4"},
      {SYS_connect, "connect"},
      {SYS_recvfrom, "recvfrom"},
      {SYS_recvmsg, "recvmsg"},
      {SYS_sendto, "sendto"},
      {SYS_sendmsg, "sendmsg"},
      {SYS_flock, "flock"},
      {SYS_fcntl, "fcntl"},
      {SYS_rt_sigsuspend, "rt_sigsuspend"},
      {SYS_rt_sigtimedwait, "rt_sigtimedwait"},
      {SYS_msync, "msync"},
  }};
  for (const auto& [value, name] : names) {
    if (value == number && value >= 0) {
      return name;
    }
  }
  return "system call " + std::to_string(number);
}

std::string describe_blocking(const std::string& syscall,
                              const std::string& wchan) {
  long number = -1;
  const auto [end, error] =
      std::from_chars(syscall.data(), syscall.data() + syscall.size(), number);
  if (error != std::errc{} || end == syscall.data() || number < 0) {
    return {};
  }
  std::string out = syscall_name(number);
  std::string_view where = wchan;
  while (!where.empty() && (where.back() == '\n' || where.back() == ' ')) {
    where.remove_suffix(1);
  }
  if (!where.empty() && where != "0") {
    out += " (kernel: " + std::string(where) + ")";
  }
  return out;
}

}  // namespace ffikit::faultrun
