// Bug zoo 05, fixed: moving empties the source, so only one owner unmaps.
#include <sys/mman.h>

#include <utility>

#include "entry.hpp"

namespace ffikit::bug_zoo::defaulted_move {

Region::Region(int fd, std::size_t length) noexcept {
  // SAFETY: a fresh private read-only mapping of the caller's descriptor.
  void* const address = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
  if (address != MAP_FAILED) {
    address_ = address;
    length_ = length;
  }
}

Region::Region(Region&& other) noexcept
    : address_(std::exchange(other.address_, nullptr)),
      length_(std::exchange(other.length_, 0)) {}

Region::~Region() {
  if (address_ != nullptr) {
    // SAFETY: the range this object owns, released once.
    ::munmap(address_, length_);
  }
}

}  // namespace ffikit::bug_zoo::defaulted_move
