// Bug zoo 19, fixed: the destructor swallows what it cannot report; unmap()
// reports it to callers who ask.
#include <sys/mman.h>

#include <cerrno>
#include <utility>

#include "entry.hpp"

namespace ffikit::bug_zoo::throwing {

Mapping::Mapping(int fd, std::size_t length) {
  // SAFETY: a fresh private read-only mapping of the caller's descriptor.
  void* const address = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
  if (address == MAP_FAILED) {
    throw std::system_error(errno, std::system_category(), "mmap");
  }
  address_ = address;
  length_ = length;
}

Mapping::~Mapping() { static_cast<void>(unmap()); }

std::error_code Mapping::unmap() noexcept {
  void* const address = std::exchange(address_, nullptr);
  if (address == nullptr) {
    return {};
  }
  // SAFETY: the range this object mapped, released once.
  if (::munmap(address, std::exchange(length_, 0)) != 0) {
    return {errno, std::system_category()};
  }
  return {};
}

}  // namespace ffikit::bug_zoo::throwing
