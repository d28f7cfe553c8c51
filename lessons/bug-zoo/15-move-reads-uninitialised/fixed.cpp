// Bug zoo 15, fixed: the move constructor makes this object empty first, then
// swaps, so the source receives an empty object and not whatever was there.
#include <sys/mman.h>
#include <unistd.h>

#include <utility>

#include "entry.hpp"

namespace ffikit::bug_zoo::move_swap {

Mapping::Mapping(int fd, std::size_t length) noexcept
    : fd_(fd), address_(nullptr), length_(0) {
  // SAFETY: a fresh private read-only mapping of the descriptor taken over.
  void* const address = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
  if (address != MAP_FAILED) {
    address_ = address;
    length_ = length;
  }
}

Mapping::Mapping(Mapping&& other) noexcept : Mapping() { swap(*this, other); }

Mapping::~Mapping() {
  if (address_ != nullptr) {
    // SAFETY: the range this object mapped, released once, before its fd.
    ::munmap(address_, length_);
  }
  if (fd_ >= 0) {
    // SAFETY: the descriptor this object owns, closed once.
    ::close(fd_);
  }
}

void swap(Mapping& a, Mapping& b) noexcept {
  std::swap(a.fd_, b.fd_);
  std::swap(a.address_, b.address_);
  std::swap(a.length_, b.length_);
}

}  // namespace ffikit::bug_zoo::move_swap
