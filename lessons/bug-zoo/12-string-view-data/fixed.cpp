// Bug zoo 12, fixed: a string_view is copied into a NUL-terminated string
// before it reaches C.
#include <fcntl.h>

#include <string>

#include "entry.hpp"

namespace ffikit::bug_zoo::view_path {

int open_view(std::string_view path) noexcept {
  const std::string terminated(path);
  // SAFETY: terminated ends where the view ends, with a NUL.
  return ::open(terminated.c_str(), O_RDONLY | O_CLOEXEC);
}

}  // namespace ffikit::bug_zoo::view_path
