#include "hostile_files.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <thread>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define FFIKIT_UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#else
#define FFIKIT_UNDER_VALGRIND() false
#endif

namespace ffikit::hostile {
namespace {

std::string read_all(int fd) {
  std::string out;
  std::array<char, 65536> buffer{};
  for (;;) {
    // SAFETY: buffer is a live writable array of buffer.size() bytes.
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return out;
    }
    out.append(buffer.data(), static_cast<std::size_t>(got));
  }
}

// True while @p pid is blocked in open(2) or openat(2): the first field of
// /proc/PID/syscall is the number of the call it sleeps in.
bool in_open(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/syscall");
  long number = -1;
  file >> number;
#ifdef SYS_open
  if (number == SYS_open) {
    return true;
  }
#endif
  return file && number == SYS_openat;
}

}  // namespace

const char* address_space_limit_unsupported() noexcept {
#if defined(__SANITIZE_ADDRESS__)
  return "ASan reserves terabytes of shadow address space at start, so a "
         "process under an address-space limit cannot run; the "
         "configurations without ASan run this test";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return "ASan reserves terabytes of shadow address space at start, so a "
         "process under an address-space limit cannot run; the "
         "configurations without ASan run this test";
#endif
#endif
  if (FFIKIT_UNDER_VALGRIND()) {
    return "valgrind's allocator needs more address space than the limit "
           "leaves; the dev configuration runs this test natively";
  }
  return nullptr;
}

std::string read_with_read(const std::string& path) {
  // SAFETY: path is NUL-terminated; no O_CREAT, so no mode argument.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    return "";
  }
  std::string out = read_all(fd);
  // SAFETY: our descriptor, closed once.
  ::close(fd);
  return out;
}

BlockedFifoWriter::BlockedFifoWriter(std::string fifo, std::string message)
    : fifo_(std::move(fifo)) {
  // SAFETY: the child calls only open, write and _exit, all
  // async-signal-safe; SIGPIPE keeps its default action so that a write
  // with no reader ends it as it would end a shell's echo.
  pid_ = ::fork();
  if (pid_ == 0) {
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    ::sigaction(SIGPIPE, &action, nullptr);
    const int fd = ::open(fifo_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      ::_exit(2);
    }
    const ssize_t written = ::write(fd, message.data(), message.size());
    ::_exit(written == static_cast<ssize_t>(message.size()) ? 0 : 3);
  }
  if (pid_ <= 0) {
    ADD_FAILURE() << "fork: " << std::strerror(errno);
    return;
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!in_open(pid_)) {
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "the writer never blocked in open(2)";
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

BlockedFifoWriter::~BlockedFifoWriter() {
  if (pid_ > 0) {
    // SAFETY: pid_ is our own unreaped child.
    ::kill(pid_, SIGKILL);
    static_cast<void>(wait_status());
  }
}

bool BlockedFifoWriter::still_blocked() const {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!in_open(pid_)) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return in_open(pid_);
}

std::string BlockedFifoWriter::drain() const {
  // Non-blocking, so that a writer that is already gone cannot make this
  // open wait forever; then blocking, to wait for the writer's bytes.
  // SAFETY: fifo_ is NUL-terminated; no O_CREAT, so no mode argument.
  const int fd = ::open(fifo_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    return "";
  }
  // SAFETY: fd is ours; only O_NONBLOCK is cleared.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::string out = read_all(fd);
  // SAFETY: our descriptor, closed once.
  ::close(fd);
  return out;
}

int BlockedFifoWriter::wait_status() {
  int status = 0;
  pid_t got = -1;
  do {
    // SAFETY: pid_ is our own child; status is a live int.
    got = ::waitpid(pid_, &status, 0);
  } while (got < 0 && errno == EINTR);
  pid_ = -1;
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}

}  // namespace ffikit::hostile
