#include "ffikit/stage2_raii/file_descriptor.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <new>
#include <string>
#include <utility>

namespace ffikit::stage2 {

FileDescriptor::FileDescriptor(FileDescriptor&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  // Self-move must not close the descriptor it is about to keep.
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
  // SAFETY: fd is owned by this object alone and was just detached from it,
  // so this is its only close. No retry on EINTR: Linux already freed it.
  if (::close(fd) < 0) {
    return {errno, std::system_category()};
  }
  return {};
}

int read_only_flags() noexcept { return O_RDONLY | O_CLOEXEC; }

FileDescriptor open_read_only(std::string_view path, std::error_code& error,
                              int extra_flags) noexcept {
  error.clear();
  if (path.find('\0') != std::string_view::npos) {
    error.assign(EINVAL, std::system_category());
    return {};
  }
  std::string terminated;
  try {
    terminated.assign(path);
  } catch (const std::bad_alloc&) {
    error.assign(ENOMEM, std::system_category());
    return {};
  }
  // SAFETY: terminated is NUL-terminated and holds no other NUL, so open
  // sees exactly the caller's path; no O_CREAT, so no mode argument.
  const int fd = ::open(terminated.c_str(), read_only_flags() | extra_flags);
  if (fd < 0) {
    error.assign(errno, std::system_category());
    return {};
  }
  return FileDescriptor(fd);
}

struct stat status_of(const FileDescriptor& fd,
                      std::error_code& error) noexcept {
  error.clear();
  struct stat status {};
  if (!fd.is_open()) {
    error.assign(EBADF, std::system_category());
    return status;
  }
  // SAFETY: status is a live struct stat for the kernel to fill; fd is open
  // and owned for the duration of the call.
  if (::fstat(fd.get(), &status) < 0) {
    error.assign(errno, std::system_category());
    return {};
  }
  return status;
}

}  // namespace ffikit::stage2
