// Bug zoo 03, fixed: 0 is a descriptor like any other; only -1 means none.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "entry.hpp"

namespace ffikit::bug_zoo::descriptor_zero {

int file_size(const char* path, std::int64_t& size) noexcept {
  // SAFETY: path is NUL-terminated (caller's contract); no O_CREAT.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  int result = 0;
  struct stat status {};
  // SAFETY: status is a live struct stat; fstat is only called on an open fd.
  if (fd < 0 || ::fstat(fd, &status) != 0) {
    result = errno;
  } else {
    size = status.st_size;
  }
  if (fd >= 0) {
    // SAFETY: fd came from open above and is closed once.
    ::close(fd);
  }
  return result;
}

}  // namespace ffikit::bug_zoo::descriptor_zero
