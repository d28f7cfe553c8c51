// Bug zoo 16, fixed: O_NONBLOCK, so that opening a FIFO does not wait for a
// writer.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "entry.hpp"

namespace ffikit::bug_zoo::fifo {

int probe(const char* path, std::uint32_t& mode, std::int64_t& size) noexcept {
  // SAFETY: path is NUL-terminated (caller's contract); no O_CREAT.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    return errno;
  }
  struct stat status {};
  int result = 0;
  // SAFETY: status is a live struct stat; fd is open.
  if (::fstat(fd, &status) != 0) {
    result = errno;
  } else {
    mode = status.st_mode;
    size = status.st_size;
  }
  // SAFETY: fd is open and closed once.
  ::close(fd);
  return result;
}

}  // namespace ffikit::bug_zoo::fifo
