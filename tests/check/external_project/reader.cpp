#include "reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace reader {

std::int64_t file_size(const char* path) {
  // SAFETY: a NUL-terminated path; no O_CREAT.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return -errno;
  }
  struct stat info {};
  // SAFETY: info is a live struct stat; the descriptor is closed on both
  // paths below.
  const bool sized = ::fstat(fd, &info) == 0;
  const int error = errno;
  ::close(fd);
  return sized ? static_cast<std::int64_t>(info.st_size) : -error;
}

int consume(int fd) {
  struct stat info {};
  // SAFETY: info is a live struct stat; the close is the planted bug.
  ::fstat(fd, &info);
  return ::close(fd);
}

}  // namespace reader
