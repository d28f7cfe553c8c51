// Bug zoo 13, fixed: the view releases only what it acquired, the mapping.
#include <sys/mman.h>
#include <unistd.h>

#include "entry.hpp"

namespace ffikit::bug_zoo::borrowed {

View::View(int fd, std::size_t length) noexcept : fd_(fd) {
  // SAFETY: a fresh private read-only mapping of the caller's descriptor.
  void* const address = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
  if (address != MAP_FAILED) {
    address_ = address;
    length_ = length;
  }
}

View::~View() {
  if (address_ != nullptr) {
    // SAFETY: the range this view mapped, released once.
    ::munmap(address_, length_);
  }
}

}  // namespace ffikit::bug_zoo::borrowed
