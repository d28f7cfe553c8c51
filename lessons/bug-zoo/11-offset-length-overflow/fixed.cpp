// Bug zoo 11, fixed: the window is checked without computing offset + length,
// which can wrap around.
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

#include "entry.hpp"

namespace ffikit::bug_zoo::window {

int map_window(int fd, std::uint64_t file_size, std::uint64_t offset,
               std::size_t length, Window& out) noexcept {
  // SAFETY: sysconf only reads a system constant.
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  if (length == 0 || offset % page != 0) {
    return EINVAL;
  }
  if (offset > file_size || length > file_size - offset) {
    return EINVAL;
  }
  // SAFETY: the window lies inside the file and its offset is aligned.
  void* const address = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd,
                               static_cast<off_t>(offset));
  if (address == MAP_FAILED) {
    return errno;
  }
  out = {address, length};
  return 0;
}

}  // namespace ffikit::bug_zoo::window
