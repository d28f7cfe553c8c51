// Bug zoo 04, fixed: one close, whatever it returns.
#include <unistd.h>

#include <cerrno>

#include "entry.hpp"

namespace ffikit::bug_zoo::close_retry {

int close_once(int fd) noexcept {
  // SAFETY: fd is the caller's and closed exactly once; on Linux it is
  // released even when close reports EINTR, so there is nothing to retry.
  if (::close(fd) != 0 && errno != EINTR) {
    return errno;
  }
  return 0;
}

}  // namespace ffikit::bug_zoo::close_retry
