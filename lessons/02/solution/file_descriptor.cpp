// Lesson 2's reference: the starter, completed. Every member that gives the
// descriptor away empties the owner first, then acts.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <utility>

#include "lesson02.hpp"

namespace lesson02 {

FileDescriptor::FileDescriptor(FileDescriptor&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    static_cast<void>(close());
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

FileDescriptor::~FileDescriptor() { static_cast<void>(close()); }

int FileDescriptor::release() noexcept { return std::exchange(fd_, -1); }

std::error_code FileDescriptor::close() noexcept {
  const int fd = std::exchange(fd_, -1);
  if (fd < 0) {
    return {};
  }
  // SAFETY: fd was owned by this object and is closed exactly once. Linux
  // releases the number even when close reports EINTR or EIO, so a retry
  // could close a descriptor someone else has just been given.
  if (::close(fd) != 0) {
    return {errno, std::system_category()};
  }
  return {};
}

int read_only_flags() noexcept { return O_RDONLY | O_CLOEXEC; }

FileDescriptor open_read_only(std::string_view path, std::error_code& error,
                              int extra_flags) noexcept {
  if (path.find('\0') != std::string_view::npos) {
    error.assign(EINVAL, std::system_category());
    return {};
  }
  // A string_view is not NUL-terminated: open(2) needs a copy that is.
  const std::string terminated(path);
  // SAFETY: terminated is NUL-terminated and outlives the call; the flags
  // create nothing, so open takes no mode argument.
  const int fd = ::open(terminated.c_str(), read_only_flags() | extra_flags);
  if (fd < 0) {
    error.assign(errno, std::system_category());
    return {};
  }
  error.clear();
  return FileDescriptor(fd);
}

}  // namespace lesson02
