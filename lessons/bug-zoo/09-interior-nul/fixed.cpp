// Bug zoo 09, fixed: a NUL inside the path is refused before open(2).
#include <fcntl.h>

#include <cerrno>
#include <string>

#include "entry.hpp"

namespace ffikit::bug_zoo::interior_nul {

int open_path(std::string_view path) noexcept {
  if (path.find('\0') != std::string_view::npos) {
    errno = EINVAL;
    return -1;
  }
  const std::string terminated(path);
  // SAFETY: terminated holds no NUL but its terminator: open sees all of it.
  return ::open(terminated.c_str(), O_RDONLY | O_CLOEXEC);
}

}  // namespace ffikit::bug_zoo::interior_nul
