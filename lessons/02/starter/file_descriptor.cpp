#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <utility>

#include "lesson02.hpp"

namespace lesson02 {

FileDescriptor::FileDescriptor(FileDescriptor&& other) noexcept
    : fd_(other.fd_) {
  // TODO: leave `other` owning nothing, or both owners will close fd_.
}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  // TODO: release what this object owns first (unless it is a self-move),
  // then take other's descriptor and leave other empty.
  fd_ = other.fd_;
  return *this;
}

FileDescriptor::~FileDescriptor() {
  // TODO: close the owned descriptor; a destructor must not throw.
}

int FileDescriptor::release() noexcept {
  // TODO: hand the descriptor back and own nothing afterwards.
  return fd_;
}

std::error_code FileDescriptor::close() noexcept {
  // TODO: close at most once, report close(2)'s errno, never retry, and
  // own nothing afterwards whatever happened.
  return {};
}

int read_only_flags() noexcept {
  // TODO: a descriptor should not leak into programs this one executes.
  return O_RDONLY;
}

FileDescriptor open_read_only(std::string_view path, std::error_code& error,
                              int extra_flags) noexcept {
  // TODO: reject a path containing '\0' with EINVAL, copy the path into a
  // NUL-terminated string, open it, and report open's errno.
  static_cast<void>(path);
  static_cast<void>(extra_flags);
  error.assign(ENOSYS, std::system_category());
  return {};
}

}  // namespace lesson02
