// Bug zoo 14, fixed: the mapping is always this object's to release; only
// the descriptor depends on who owns it.
#include <sys/mman.h>
#include <unistd.h>

#include "entry.hpp"

namespace ffikit::bug_zoo::ownership {

MappedFile::MappedFile(int fd, std::size_t length,
                       Descriptor descriptor) noexcept
    : fd_(fd), owns_fd_(descriptor == Descriptor::owned) {
  // SAFETY: a fresh private read-only mapping of an open descriptor.
  void* const address = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
  if (address != MAP_FAILED) {
    address_ = address;
    length_ = length;
  }
}

MappedFile::~MappedFile() {
  if (address_ != nullptr) {
    // SAFETY: the range this object mapped, released once.
    ::munmap(address_, length_);
  }
  if (owns_fd_) {
    // SAFETY: the descriptor was handed over to this object; closed once.
    ::close(fd_);
  }
}

}  // namespace ffikit::bug_zoo::ownership
