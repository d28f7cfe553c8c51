// Bug zoo 02, fixed: mmap reports failure with MAP_FAILED, never NULL.
#include <sys/mman.h>

#include <cerrno>

#include "entry.hpp"

namespace ffikit::bug_zoo::map_failed {

int map_region(int fd, std::size_t length, Region& out) noexcept {
  // SAFETY: a fresh private read-only mapping at an address of the kernel's
  // choosing; fd stays the caller's.
  void* const address = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
  if (address == MAP_FAILED) {
    return errno;
  }
  out = {address, length};
  return 0;
}

}  // namespace ffikit::bug_zoo::map_failed
