#include <cerrno>

#include "lesson01.hpp"

namespace lesson01 {

std::int64_t raw_file_size(const char* path) noexcept {
  // SAFETY: path is NUL-terminated (caller's contract); no O_CREAT, no mode.
  const int fd = open(path, o_rdonly | o_cloexec);
  if (fd < 0) {
    return -1;
  }
  stat_buffer status{};
  // SAFETY: status has struct stat's exact layout (stage 1 proves it), so
  // the kernel writes inside it.
  const int result = fstat(fd, &status);
  const int saved = errno;
  // SAFETY: fd came from open above and is closed exactly once.
  static_cast<void>(close(fd));
  if (result < 0) {
    errno = saved;
    return -1;
  }
  return status.st_size;
}

}  // namespace lesson01
