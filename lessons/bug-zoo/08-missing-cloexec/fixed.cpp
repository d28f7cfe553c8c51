// Bug zoo 08, fixed: every descriptor is opened close-on-exec.
#include <fcntl.h>

#include "entry.hpp"

namespace ffikit::bug_zoo::cloexec {

int open_read_only(const char* path) noexcept {
  // SAFETY: path is NUL-terminated (caller's contract); no O_CREAT.
  return ::open(path, O_RDONLY | O_CLOEXEC);
}

}  // namespace ffikit::bug_zoo::cloexec
