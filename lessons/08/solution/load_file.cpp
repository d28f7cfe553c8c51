// Lesson 8's reference: the same C calls, with every path accounted for.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "lesson08.hpp"

namespace lesson08 {
namespace {

// Closes fd once and keeps @p first if it already holds a failure.
LoadStatus close_keeping(int fd, LoadStatus first) noexcept {
  // SAFETY: fd was opened by load_file and is closed exactly once, never
  // retried: Linux releases it even when close reports EINTR or EIO.
  if (::close(fd) != 0 && first.operation == nullptr) {
    return {"close", errno};
  }
  return first;
}

}  // namespace

LoadStatus load_file(const char* path, std::string& out) noexcept {
  // SAFETY: path is NUL-terminated (caller's contract); no O_CREAT.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return {"open", errno};
  }
  struct stat status {};
  // SAFETY: status is a live struct stat; fd is open.
  if (::fstat(fd, &status) != 0) {
    return close_keeping(fd, {"fstat", errno});
  }
  if (!S_ISREG(status.st_mode) || status.st_size < 0) {
    return close_keeping(fd,
                         {"mmap", S_ISDIR(status.st_mode) ? EISDIR : ENODEV});
  }
  const auto size = static_cast<std::size_t>(status.st_size);
  if (size == 0) {
    out.clear();
    return close_keeping(fd, {});
  }
  // SAFETY: a fresh read-only mapping of an open regular file of this size.
  void* address = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  if (address == MAP_FAILED) {
    return close_keeping(fd, {"mmap", errno});
  }
  out.assign(static_cast<const char*>(address), size);
  LoadStatus result{};
  // SAFETY: exactly the range mmap returned, released before its descriptor.
  if (::munmap(address, size) != 0) {
    result = {"munmap", errno};
  }
  return close_keeping(fd, result);
}

}  // namespace lesson08
