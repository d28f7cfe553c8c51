// ffikit-faultrun-probe BEHAVIOUR ARGS...: small programs with known
// behaviour (and known defects) for ffikit-faultrun's own tests. A call
// whose line the tests look for is on the line after a comment that ends in
// "Next: probe: NAME", on one line so that every compiler agrees on it.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Args = std::vector<std::string>;

// Writes every open descriptor (but the listing's own) with what it refers
// to, one "N -> TARGET" a line, into args[0].
int list_fds(const Args& args) {
  std::string text;
  // SAFETY: a NUL-terminated path; the stream is closed below.
  DIR* listing = ::opendir("/proc/self/fd");
  if (listing == nullptr) {
    std::perror("opendir");
    return 1;
  }
  // SAFETY: the stream opened above.
  const int own = ::dirfd(listing);
  // SAFETY: readdir on the stream opened above.
  while (const dirent* entry = ::readdir(listing)) {
    const std::string name = entry->d_name;
    if (name == "." || name == ".." || std::atoi(name.c_str()) == own) {
      continue;
    }
    std::string target(4096, '\0');
    const std::string link = "/proc/self/fd/" + name;
    // SAFETY: readlink writes at most target.size() bytes.
    const ssize_t n = ::readlink(link.c_str(), target.data(), target.size());
    target.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    text += name + " -> " + target + "\n";
  }
  // SAFETY: the stream opened above, closed once.
  ::closedir(listing);
  // Appended, one block per run, so that every run of a sweep is seen.
  // SAFETY: a NUL-terminated path and mode.
  FILE* out = std::fopen(args.at(0).c_str(), "ae");
  if (out == nullptr) {
    std::perror(args.at(0).c_str());
    return 1;
  }
  text = "--- run\n" + text;
  std::fputs(text.c_str(), out);
  // SAFETY: the stream opened above, closed once.
  return std::fclose(out) == 0 ? 0 : 1;
}

// Appends "parent: probe" to args[0] when the parent process runs this
// same program (a fork server made this run), else "parent: other"; then
// opens and closes args[1], so that a sweep has cases.
int show_parent(const Args& args) {
  std::array<char, 4096> self{};
  std::array<char, 4096> parent{};
  const std::string parent_link =
      "/proc/" + std::to_string(::getppid()) + "/exe";
  // SAFETY: readlink writes at most size() - 1 bytes; the arrays start
  // zeroed, so the results are NUL-terminated.
  const bool same =
      ::readlink("/proc/self/exe", self.data(), self.size() - 1) > 0 &&
      ::readlink(parent_link.c_str(), parent.data(), parent.size() - 1) > 0 &&
      std::strcmp(self.data(), parent.data()) == 0;
  // SAFETY: a NUL-terminated path and mode; closed below.
  FILE* out = std::fopen(args.at(0).c_str(), "ae");
  if (out == nullptr) {
    return 1;
  }
  std::fputs(same ? "parent: probe\n" : "parent: other\n", out);
  // SAFETY: the stream opened above, closed once.
  if (std::fclose(out) != 0) {
    return 1;
  }
  // SAFETY: a NUL-terminated path; no O_CREAT.
  const int fd = ::open(args.at(1).c_str(), O_RDONLY | O_CLOEXEC);
  // SAFETY: the descriptor opened above, closed once.
  return fd < 0 ? 1 : (::close(fd) == 0 ? 0 : 1);
}

// Opens, sizes and maps args[0]; on an error after the open it forgets the
// descriptor: a leak on every error path, at one acquisition site.
int leak_on_error(const Args& args) {
  const char* path = args.at(0).c_str();
  // SAFETY: a NUL-terminated path; no O_CREAT. Next: probe: planted leak
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::fprintf(stderr, "probe: open(%s): %s\n", args[0].c_str(),
                 std::strerror(errno));
    return 1;
  }
  struct stat info {};
  // SAFETY: info is a live struct stat.
  if (::fstat(fd, &info) != 0) {
    std::fprintf(stderr, "probe: fstat(%s): %s\n", args[0].c_str(),
                 std::strerror(errno));
    return 1;
  }
  const auto length = static_cast<std::size_t>(info.st_size);
  // SAFETY: a fresh read-only mapping the kernel places.
  void* map = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) {
    std::fprintf(stderr, "probe: mmap(%s): %s\n", args[0].c_str(),
                 std::strerror(errno));
    return 1;
  }
  // SAFETY: the mapping and descriptor made above, released once.
  ::munmap(map, length);
  ::close(fd);
  return 0;
}

// Opens args[1] and, when that fails, reports it in the style args[0]
// names; exits 1 then.
int message(const Args& args) {
  const std::string& style = args.at(0);
  const char* path = args.at(1).c_str();
  // SAFETY: a NUL-terminated path; no O_CREAT.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    // SAFETY: the descriptor opened above, closed once.
    ::close(fd);
    return 0;
  }
  const int error = errno;
  if (style == "kit") {
    std::fprintf(stderr, "probe: open(%s): %s\n", path, std::strerror(error));
  } else if (style == "unix") {
    std::fprintf(stderr, "probe: %s: %s\n", path, std::strerror(error));
  } else if (style == "perror") {
    std::perror("open");
  } else if (style == "no-reason") {
    std::fprintf(stderr, "probe: cannot read %s\n", path);
  } else if (style == "no-name") {
    std::fprintf(stderr, "probe: %s\n", std::strerror(error));
  } else if (style == "hide") {
    return 0;
  }
  return 1;
}

// Opens args[0], retrying while open says EINTR, then reads and closes it:
// the correct way (PEP 475 does the same for Python).
int eintr_retry(const Args& args) {
  int fd = -1;
  do {
    // SAFETY: a NUL-terminated path; no O_CREAT.
    fd = ::open(args.at(0).c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    std::fprintf(stderr, "probe: open(%s): %s\n", args[0].c_str(),
                 std::strerror(errno));
    return 1;
  }
  char buffer[64];
  // SAFETY: reads into buffer within its size.
  static_cast<void>(::read(fd, buffer, sizeof buffer));
  // SAFETY: the descriptor opened above, closed once (never retried).
  ::close(fd);
  return 0;
}

// Opens args[0], retrying on every error: a hang whatever the errno.
int retry_any(const Args& args) {
  int fd = -1;
  do {
    // SAFETY: a NUL-terminated path; no O_CREAT.
    fd = ::open(args.at(0).c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0);
  // SAFETY: the descriptor opened above, closed once.
  ::close(fd);
  return 0;
}

// Leaves a child holding stderr (and so the output pipe) for 30 s and
// exits 0 at once.
int linger(const Args&) {
  // SAFETY: the child only sleeps and exits.
  const pid_t pid = ::fork();
  if (pid == 0) {
    // SAFETY: sleep and _exit are async-signal-safe.
    ::sleep(30);
    ::_exit(0);
  }
  return pid < 0 ? 1 : 0;
}

// Leaves a child in a session of its own (out of the program's process
// group, as a daemon) holding stderr for 3 s, and exits 0 at once.
int detach(const Args&) {
  // SAFETY: the child only leaves the group, sleeps and exits.
  const pid_t pid = ::fork();
  if (pid == 0) {
    // SAFETY: setsid, sleep and _exit are async-signal-safe.
    ::setsid();
    ::sleep(20);
    ::_exit(0);
  }
  return pid < 0 ? 1 : 0;
}

// Closes descriptor args[0] (lent by the caller) or only looks at it.
int close_fd(const Args& args) {
  // SAFETY: closing a number the caller named; the test lends it.
  return ::close(std::atoi(args.at(0).c_str())) == 0 ? 0 : 1;
}
int use_fd(const Args& args) {
  struct stat info {};
  // SAFETY: info is a live struct stat.
  return ::fstat(std::atoi(args.at(0).c_str()), &info) == 0 ? 0 : 1;
}

// Opens args[0] and leaves through _exit without closing it.
int quick_exit_leak(const Args& args) {
  // SAFETY: a NUL-terminated path; no O_CREAT.
  const int fd = ::open(args.at(0).c_str(), O_RDONLY | O_CLOEXEC);
  // SAFETY: _exit ends the process; the descriptor is the leak.
  ::_exit(fd >= 0 ? 0 : 1);
}

// Every lint once: args[0] a regular file, args[1] a FIFO.
int lints(const Args& args) {
  const char* file = args.at(0).c_str();
  const char* pipe = args.at(1).c_str();
  // SAFETY: NUL-terminated paths; no O_CREAT. Next: probe: no cloexec
  const int plain = ::open(file, O_RDONLY);
  // SAFETY: O_RDWR on a FIFO never blocks on Linux. Next: probe: fifo
  const int fifo = ::open(pipe, O_RDWR | O_CLOEXEC);
  // SAFETY: length 0 fails with EINVAL. Next: probe: mmap 0
  void* empty = ::mmap(nullptr, 0, PROT_READ, MAP_PRIVATE, plain, 0);
  // SAFETY: a FIFO cannot be mapped (ENODEV). Next: probe: mmap fifo
  void* odd = ::mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE, fifo, 0);
  if (empty != MAP_FAILED || odd != MAP_FAILED) {
    return 1;
  }
  // SAFETY: both descriptors opened above, closed once.
  ::close(fifo);
  ::close(plain);
  return 0;
}

// Opens and sizes args[0], then crashes (SIGSEGV) or hangs holding it.
int crash_after_calls(const Args& args) {
  // SAFETY: a NUL-terminated path; no O_CREAT.
  const int fd = ::open(args.at(0).c_str(), O_RDONLY | O_CLOEXEC);
  struct stat info {};
  // SAFETY: info is a live struct stat.
  // Next: probe: last call before the crash
  ::fstat(fd, &info);
  // SAFETY: raise delivers the signal to this thread.
  ::raise(SIGSEGV);
  return 0;
}
int hang_after_calls(const Args& args) {
  // SAFETY: a NUL-terminated path; no O_CREAT.
  const int fd = ::open(args.at(0).c_str(), O_RDONLY | O_CLOEXEC);
  struct stat info {};
  // SAFETY: info is a live struct stat.
  // Next: probe: last call before the hang
  ::fstat(fd, &info);
  for (;;) {
    // SAFETY: pause only waits for a signal.
    ::pause();
  }
}

// Opens args[0] and leaves through the raw exit_group system call, which
// no library sees: the watch cannot write a report.
int raw_exit(const Args& args) {
  // SAFETY: a NUL-terminated path; no O_CREAT.
  const int fd = ::open(args.at(0).c_str(), O_RDONLY | O_CLOEXEC);
  // SAFETY: exit_group ends the process at once.
  ::syscall(SYS_exit_group, fd >= 0 ? 0 : 1);
  return 1;
}

// Takes half a second, then says so on stderr and exits 0.
int slow_message(const Args&) {
  // SAFETY: usleep only waits; restarted by hand if a signal cuts it.
  for (int i = 0; i < 10; ++i) {
    ::usleep(50000);
  }
  std::fputs("probe: done\n", stderr);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::map<std::string_view, std::function<int(const Args&)>> behaviours =
      {
          {"list-fds", list_fds},
          {"leak-on-error", leak_on_error},
          {"message", message},
          {"eintr-retry", eintr_retry},
          {"retry-any", retry_any},
          {"linger", linger},
          {"detach", detach},
          {"close-fd", close_fd},
          {"use-fd", use_fd},
          {"quick-exit-leak", quick_exit_leak},
          {"lints", lints},
          {"crash-after-calls", crash_after_calls},
          {"hang-after-calls", hang_after_calls},
          {"raw-exit", raw_exit},
          {"slow-message", slow_message},
          {"show-parent", show_parent},
      };
  const auto found = argc > 1 ? behaviours.find(argv[1]) : behaviours.end();
  if (found == behaviours.end()) {
    std::fputs("usage: ffikit-faultrun-probe BEHAVIOUR ARGS...\n", stderr);
    return 2;
  }
  return found->second(Args(argv + 2, argv + argc));
}
