#include "ffikit/stage2_raii/file_descriptor.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
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
  // The kernel refuses any path of PATH_MAX bytes or more (counting the
  // terminator) with ENAMETOOLONG; saying so here lets the copy live on the
  // stack, so opening never allocates and never fails for lack of memory.
  std::array<char, PATH_MAX> terminated{};
  if (path.size() >= terminated.size()) {
    error.assign(ENAMETOOLONG, std::system_category());
    return {};
  }
  std::copy(path.begin(), path.end(), terminated.begin());
  // SAFETY: terminated holds the caller's bytes, no NUL among them, then a
  // NUL, so open sees exactly the caller's path; no O_CREAT, so no mode.
  const int fd = ::open(terminated.data(), read_only_flags() | extra_flags);
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
