#include <sys/mman.h>

#include <cerrno>
#include <utility>

#include "lesson04.hpp"

namespace lesson04 {

MappedRegion::MappedRegion(MappedRegion&& other) noexcept
    : address_(other.address_), length_(other.length_) {
  // TODO: leave `other` empty, or the range is unmapped twice.
}

MappedRegion& MappedRegion::operator=(MappedRegion&& other) noexcept {
  // TODO: unmap what this owns (unless self-move), take other's range, and
  // leave other empty.
  address_ = other.address_;
  length_ = other.length_;
  return *this;
}

MappedRegion::~MappedRegion() {
  // TODO: unmap the owned range; ignore the error, never throw.
}

std::error_code MappedRegion::unmap() noexcept {
  // TODO: munmap exactly address_/length_ once, report its errno, and leave
  // the region empty whatever happened.
  return {};
}

MappedRegion map_read_only(const FileDescriptor& fd, std::size_t length,
                           std::error_code& error) noexcept {
  error.clear();
  // TODO: refuse an empty owner with EBADF before calling mmap.
  // SAFETY: a fresh read-only mapping at an address the kernel chooses.
  void* address = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd.get(), 0);
  // TODO: this is not how mmap reports failure.
  if (address == nullptr) {
    error.assign(errno, std::system_category());
    return {};
  }
  return {address, length};
}

}  // namespace lesson04
