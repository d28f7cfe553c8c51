// Bug zoo 07, fixed: munmap gets exactly what mmap returned and was given.
#include <sys/mman.h>

#include <cerrno>

#include "entry.hpp"

namespace ffikit::bug_zoo::munmap_length {

int map_region(int fd, std::size_t length, Region& out) noexcept {
  // SAFETY: a fresh private read-only mapping of the caller's descriptor.
  void* const address = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
  if (address == MAP_FAILED) {
    return errno;
  }
  out = {address, length};
  return 0;
}

int unmap(const Region& region) noexcept {
  // SAFETY: exactly the address and length of the mapping, released once.
  return ::munmap(region.address, region.length) == 0 ? 0 : errno;
}

}  // namespace ffikit::bug_zoo::munmap_length
