#include "ffikit/stage2_raii/file_descriptor.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <utility>

namespace ffikit::stage2 {
namespace {

// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
std::atomic<OwnershipBugHandler> ownership_bug_handler{&abort_on_ownership_bug};

// Writes all of @p text to @p out with write(2), ignoring errors: usable
// while the program is being aborted, and from a signal handler.
void write_text(int out, std::string_view text) noexcept {
  while (!text.empty()) {
    // SAFETY: text is a live, readable range for the whole call.
    const ssize_t written = ::write(out, text.data(), text.size());
    if (written <= 0) {
      return;  // Nobody to tell: the exit status will say it.
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

// The decimal digits of a non-negative @p number, without allocating.
std::string_view decimal(int number, std::array<char, 16>& buffer) noexcept {
  std::size_t start = buffer.size();
  auto value = static_cast<unsigned>(number);
  do {
    buffer.at(--start) = static_cast<char>('0' + value % 10U);
    value /= 10U;
  } while (value != 0);  // 16 places hold any unsigned int's digits.
  return {buffer.data() + start, buffer.size() - start};
}

// Runs @p call with @p path as a NUL-terminated C string on the stack, or
// sets @p error without calling it: EINVAL for an interior NUL (C would see
// only the part before it), ENAMETOOLONG for PATH_MAX bytes or more (the
// kernel counts the terminator and would refuse the same). Nothing is
// allocated, so no path operation fails for lack of memory.
template <class Call>
void with_c_path(std::string_view path, std::error_code& error,
                 Call call) noexcept {
  if (path.find('\0') != std::string_view::npos) {
    error.assign(EINVAL, std::system_category());
    return;
  }
  std::array<char, PATH_MAX> terminated{};
  if (path.size() >= terminated.size()) {
    error.assign(ENAMETOOLONG, std::system_category());
    return;
  }
  std::copy(path.begin(), path.end(), terminated.begin());
  call(terminated.data());
}

}  // namespace

void write_ownership_bug(int fd, int out) noexcept {
  std::array<char, 16> digits{};
  write_text(out, "ffikit: close(");
  write_text(out, decimal(fd, digits));
  write_text(out,
             ") in a destructor failed with EBADF: the descriptor was closed "
             "behind its owner's back (an ownership bug; its number may now "
             "belong to another file)\n");
}

void abort_on_ownership_bug(int fd) noexcept {
  write_ownership_bug(fd, STDERR_FILENO);
  std::abort();
}

OwnershipBugHandler set_ownership_bug_handler(
    OwnershipBugHandler handler) noexcept {
  return ownership_bug_handler.exchange(
      handler == nullptr ? &abort_on_ownership_bug : handler);
}

FileDescriptor::FileDescriptor(FileDescriptor&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  // Self-move must not close the descriptor it is about to keep.
  if (this != &other) {
    close_unreported();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

FileDescriptor::~FileDescriptor() { close_unreported(); }

int FileDescriptor::release() noexcept { return std::exchange(fd_, -1); }

std::error_code FileDescriptor::close() noexcept {
  const int fd = std::exchange(fd_, -1);
  if (fd < 0) {
    return {};
  }
  // SAFETY: fd is owned by this object alone and was just detached from it,
  // so this is its only close. No retry on EINTR: Linux already freed it.
  if (::close(fd) < 0) {
    return {errno, std::system_category()};
  }
  return {};
}

void FileDescriptor::close_unreported() noexcept {
  const int fd = fd_;
  const int saved_errno = errno;
  if (close() == std::error_code(EBADF, std::system_category())) {
    ownership_bug_handler.load()(fd);
  }
  errno = saved_errno;
}

int read_only_flags() noexcept { return O_RDONLY | O_CLOEXEC; }

FileDescriptor open_read_only(std::string_view path, std::error_code& error,
                              int extra_flags) noexcept {
  error.clear();
  if (!extra_flags_are_read_only(extra_flags)) {
    error.assign(EINVAL, std::system_category());
    return {};
  }
  FileDescriptor opened;
  with_c_path(path, error, [&](const char* c_path) {
    // SAFETY: c_path holds exactly the caller's bytes and a terminator.
    // extra_flags were checked above: no access mode but O_RDONLY and
    // nothing that creates, so open(2) reads no mode argument.
    const int fd = ::open(c_path, read_only_flags() | O_NOCTTY | extra_flags);
    if (fd < 0) {
      error.assign(errno, std::system_category());
      return;
    }
    opened = FileDescriptor(fd);
  });
  return opened;
}

struct stat status_of(BorrowedDescriptor fd, std::error_code& error) noexcept {
  error.clear();
  struct stat status {};
  if (!fd.is_open()) {
    error.assign(EBADF, std::system_category());
    return status;
  }
  // SAFETY: status is a live struct stat for the kernel to fill; the lender
  // keeps fd open for the duration of the call.
  if (::fstat(fd.get(), &status) < 0) {
    error.assign(errno, std::system_category());
    return {};
  }
  return status;
}

struct stat status_of(std::string_view path, std::error_code& error) noexcept {
  error.clear();
  struct stat status {};
  with_c_path(path, error, [&](const char* c_path) {
    // SAFETY: c_path is the caller's exact path, NUL-terminated; status is a
    // live struct stat; fstatat opens nothing.
    if (::fstatat(AT_FDCWD, c_path, &status, 0) < 0) {
      error.assign(errno, std::system_category());
      status = {};
    }
  });
  return status;
}

}  // namespace ffikit::stage2
