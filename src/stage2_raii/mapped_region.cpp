#include "ffikit/stage2_raii/mapped_region.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <utility>

namespace ffikit::stage2 {

MappedRegion::MappedRegion(MappedRegion&& other) noexcept
    : address_(std::exchange(other.address_, nullptr)),
      length_(std::exchange(other.length_, 0)) {}

MappedRegion& MappedRegion::operator=(MappedRegion&& other) noexcept {
  // Self-move must not unmap the range it is about to keep; the old range is
  // released first so that it is never leaked (DirectXTK #376).
  if (this != &other) {
    static_cast<void>(unmap());
    address_ = std::exchange(other.address_, nullptr);
    length_ = std::exchange(other.length_, 0);
  }
  return *this;
}

MappedRegion::~MappedRegion() { static_cast<void>(unmap()); }

MappedRegion::Range MappedRegion::release() noexcept {
  return {std::exchange(address_, nullptr), std::exchange(length_, 0)};
}

std::error_code MappedRegion::unmap() noexcept {
  const Range range = release();
  if (range.address == nullptr) {
    return {};
  }
  // SAFETY: range is exactly what mmap returned to this owner, and the owner
  // was emptied first, so the range is unmapped once and never read again
  // through this object.
  if (::munmap(range.address, range.length) < 0) {
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
  // SAFETY: the kernel picks the address (hint null), so the new read-only
  // mapping cannot overlap anything this program uses; fd is open.
  void* address = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd.get(), 0);
  if (address == MAP_FAILED) {
    error.assign(errno, std::system_category());
    return {};
  }
  return {address, length};
}

}  // namespace ffikit::stage2
