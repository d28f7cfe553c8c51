// Bug zoo 06, fixed: move assignment releases what it held before taking
// the other's mapping.
#include <sys/mman.h>

#include <utility>

#include "entry.hpp"

namespace ffikit::bug_zoo::move_assign {

Region::Region(int fd, std::size_t length) noexcept {
  // SAFETY: a fresh private read-only mapping of the caller's descriptor.
  void* const address = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
  if (address != MAP_FAILED) {
    address_ = address;
    length_ = length;
  }
}

Region& Region::operator=(Region&& other) noexcept {
  if (this != &other) {
    release();
    address_ = std::exchange(other.address_, nullptr);
    length_ = std::exchange(other.length_, 0);
  }
  return *this;
}

Region::~Region() { release(); }

void Region::release() noexcept {
  if (address_ != nullptr) {
    // SAFETY: the range this object owns, released once.
    ::munmap(address_, length_);
  }
  address_ = nullptr;
  length_ = 0;
}

}  // namespace ffikit::bug_zoo::move_assign
