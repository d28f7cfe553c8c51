// Lesson 4's reference: the starter, completed. As in lesson 2, every member
// that gives the range away empties the owner first, then acts.
#include <sys/mman.h>

#include <cerrno>
#include <utility>

#include "lesson04.hpp"

namespace lesson04 {

MappedRegion::MappedRegion(MappedRegion&& other) noexcept
    : address_(std::exchange(other.address_, nullptr)),
      length_(std::exchange(other.length_, 0)) {}

MappedRegion& MappedRegion::operator=(MappedRegion&& other) noexcept {
  if (this != &other) {
    static_cast<void>(unmap());
    address_ = std::exchange(other.address_, nullptr);
    length_ = std::exchange(other.length_, 0);
  }
  return *this;
}

MappedRegion::~MappedRegion() { static_cast<void>(unmap()); }

std::error_code MappedRegion::unmap() noexcept {
  void* const address = std::exchange(address_, nullptr);
  const std::size_t length = std::exchange(length_, 0);
  if (address == nullptr) {
    return {};
  }
  // SAFETY: exactly the address and length mmap returned and was given,
  // released once: the owner is already empty.
  if (::munmap(address, length) != 0) {
    return {errno, std::system_category()};
  }
  return {};
}

MappedRegion map_read_only(const FileDescriptor& fd, std::size_t length,
                           std::error_code& error) noexcept {
  error.clear();
  if (!fd.is_open()) {
    error.assign(EBADF, std::system_category());
    return {};
  }
  // SAFETY: a fresh read-only mapping at an address the kernel chooses, of
  // a descriptor the caller keeps open for the duration of the call.
  void* const address =
      ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd.get(), 0);
  if (address == MAP_FAILED) {
    error.assign(errno, std::system_category());
    return {};
  }
  return {address, length};
}

}  // namespace lesson04
