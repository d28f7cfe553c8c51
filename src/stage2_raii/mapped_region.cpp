#include "ffikit/stage2_raii/mapped_region.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace ffikit::stage2 {
namespace {

int madvise_value(Advice advice) noexcept {
  switch (advice) {
    case Advice::sequential:
      return MADV_SEQUENTIAL;
    case Advice::willneed:
      return MADV_WILLNEED;
    case Advice::random:
      return MADV_RANDOM;
    case Advice::normal:
      break;
  }
  return MADV_NORMAL;
}

// The one mmap call of this stage. MAP_PRIVATE for every mapping, read-only
// views included, because:
// - for a PROT_READ mapping the two flags show the same bytes: a private
//   mapping shares every page it has not copied, and without PROT_WRITE it
//   never copies one;
// - some file systems refuse MAP_SHARED where they allow MAP_PRIVATE:
//   sysfs answers EACCES for /sys/kernel/btf/vmlinux, and FUSE, virtiofs
//   and GPFS have answered ENODEV (libgit2 #7315, mmap-go #40). Rust's
//   memmap2 added `map_copy_read_only` for exactly this;
// - a shared mapping promises that writes reach the file, and a read-only
//   view never writes.
MappedRegion map_exactly(BorrowedDescriptor fd, std::uint64_t file_offset,
                         std::size_t map_length, std::size_t view_offset,
                         std::size_t view_length, const MapOptions& options,
                         std::error_code& error) noexcept {
  const int protection =
      options.access == MapAccess::copy ? PROT_READ | PROT_WRITE : PROT_READ;
  const int flags = MAP_PRIVATE | (options.populate ? MAP_POPULATE : 0);
  // SAFETY: the kernel picks the address (hint null), so the new mapping
  // cannot overlap anything this program uses; the lender keeps fd open for
  // the call; file_offset is page-aligned and fits off_t (plan_region).
  void* address = ::mmap(nullptr, map_length, protection, flags, fd.get(),
                         static_cast<off_t>(file_offset));
  if (address == MAP_FAILED) {
    error.assign(errno, std::system_category());
    return {};
  }
  return {MappedRegion::Range{address, map_length}, view_offset, view_length,
          options.access};
}

}  // namespace

MappedRegion::MappedRegion(Range mapping, std::size_t view_offset,
                           std::size_t view_length, MapAccess access) noexcept
    : mapping_(mapping.address == nullptr ? Range{nullptr, 0} : mapping),
      offset_(mapping.address == nullptr ? 0 : view_offset),
      length_(mapping.address == nullptr ? 0 : view_length),
      access_(access) {}

MappedRegion::MappedRegion(MappedRegion&& other) noexcept
    : mapping_(std::exchange(other.mapping_, Range{nullptr, 0})),
      offset_(std::exchange(other.offset_, 0)),
      length_(std::exchange(other.length_, 0)),
      access_(std::exchange(other.access_, MapAccess::read_only)) {}

MappedRegion& MappedRegion::operator=(MappedRegion&& other) noexcept {
  // Self-move must not unmap the range it is about to keep; the old range is
  // released first so that it is never leaked (DirectXTK #376).
  if (this != &other) {
    const int saved_errno = errno;
    static_cast<void>(unmap());
    errno = saved_errno;
    MappedRegion taken(std::move(other));
    swap(*this, taken);
  }
  return *this;
}

MappedRegion::~MappedRegion() {
  const int saved_errno = errno;
  static_cast<void>(unmap());
  errno = saved_errno;
}

std::span<std::byte> MappedRegion::writable_bytes() noexcept {
  if (!is_writable()) {
    return {};
  }
  return {static_cast<std::byte*>(mapping_.address) + offset_, length_};
}

std::error_code MappedRegion::advise(Advice advice) const noexcept {
  if (!is_mapped()) {
    return {EBADF, std::system_category()};
  }
  // SAFETY: the range is exactly this owner's live mapping; advice changes
  // no byte of it and no other memory.
  if (::madvise(mapping_.address, mapping_.length, madvise_value(advice)) < 0) {
    return {errno, std::system_category()};
  }
  return {};
}

MappedRegion::Range MappedRegion::release() noexcept {
  offset_ = 0;
  length_ = 0;
  access_ = MapAccess::read_only;
  return std::exchange(mapping_, Range{nullptr, 0});
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

void swap(MappedRegion& a, MappedRegion& b) noexcept {
  std::swap(a.mapping_, b.mapping_);
  std::swap(a.offset_, b.offset_);
  std::swap(a.length_, b.length_);
  std::swap(a.access_, b.access_);
}

MappedRegion map_read_only(BorrowedDescriptor fd, std::size_t length,
                           std::error_code& error) noexcept {
  error.clear();
  if (!fd.is_open()) {
    error.assign(EBADF, std::system_category());
    return {};
  }
  return map_exactly(fd, 0, length, 0, length, MapOptions{}, error);
}

MappedRegion map_region(BorrowedDescriptor fd, std::uint64_t offset,
                        std::size_t length, const MapOptions& options,
                        std::error_code& error) noexcept {
  error.clear();
  if (!fd.is_open()) {
    error.assign(EBADF, std::system_category());
    return {};
  }
  // SAFETY: sysconf only reads a configuration value.
  const long page = ::sysconf(_SC_PAGESIZE);
  const RegionPlan plan = plan_region(
      offset, length, page > 0 ? static_cast<std::uint64_t>(page) : 0);
  if (plan.refusal != 0) {
    error.assign(plan.refusal, std::system_category());
    return {};
  }
  // plan_region() checked that both fit std::size_t.
  const std::size_t map_length = plan.map_length;
  const std::size_t view_offset = plan.view_offset;
  return map_exactly(fd, plan.file_offset, map_length, view_offset, length,
                     options, error);
}

}  // namespace ffikit::stage2
