/// @file
/// Lesson 4: the interface of a move-only owner of one mapping. This header
/// is the grader's; you implement it in mapped_region.cpp. Descriptors come
/// from the kit's stage 2 owner.
#pragma once

#include <cstddef>
#include <span>
#include <system_error>

#include "ffikit/stage2_raii/file_descriptor.hpp"

/// Lesson 4's exercise namespace.
namespace lesson04 {

using ffikit::stage2::FileDescriptor;
using ffikit::stage2::open_read_only;

/// Owns one read-only mapping, or nothing. Move-only.
class MappedRegion {
 public:
  /// Owns nothing.
  MappedRegion() noexcept = default;
  /// Takes a mapping of exactly @p length bytes at @p address.
  MappedRegion(void* address, std::size_t length) noexcept
      : address_(address), length_(address == nullptr ? 0 : length) {}
  MappedRegion(const MappedRegion&) = delete;
  MappedRegion& operator=(const MappedRegion&) = delete;
  /// Takes @p other's mapping and leaves @p other empty.
  MappedRegion(MappedRegion&& other) noexcept;
  /// Unmaps what this owns, then takes @p other's mapping.
  MappedRegion& operator=(MappedRegion&& other) noexcept;
  /// Unmaps the owned range, ignoring errors; never throws.
  ~MappedRegion();

  /// First byte, or nullptr when empty.
  [[nodiscard]] const std::byte* data() const noexcept {
    return static_cast<const std::byte*>(address_);
  }
  /// Exact length passed to mmap.
  [[nodiscard]] std::size_t size() const noexcept { return length_; }
  /// The bytes, valid until the region is unmapped.
  [[nodiscard]] std::span<const std::byte> bytes() const noexcept {
    return {data(), length_};
  }
  /// True when a mapping is owned.
  [[nodiscard]] bool is_mapped() const noexcept { return address_ != nullptr; }
  /// Unmaps once, reports munmap's errno, leaves the region empty either way.
  std::error_code unmap() noexcept;

 private:
  void* address_ = nullptr;
  std::size_t length_ = 0;
};

/// Maps the first @p length bytes of @p fd read-only and shared.
/// @param[out] error mmap's errno (EINVAL for length 0, ENODEV for a
/// directory, ...), or EBADF without a call when @p fd owns nothing.
/// @return the owner, empty on error.
MappedRegion map_read_only(const FileDescriptor& fd, std::size_t length,
                           std::error_code& error) noexcept;

}  // namespace lesson04
