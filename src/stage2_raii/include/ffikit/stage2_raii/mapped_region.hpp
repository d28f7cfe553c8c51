/// @file
/// Stage 2: a move-only owner of one memory mapping.
///
/// The post's `MappedRegion` with its `Drop` impl, in C++. It remembers the
/// exact address and length mmap returned, so munmap always gets exactly
/// what was mapped, and a destructor that never throws (the post's version
/// failed the task from inside `finalize`).
#pragma once

#include <cstddef>
#include <span>
#include <system_error>

#include "ffikit/stage2_raii/file_descriptor.hpp"

namespace ffikit::stage2 {

/// Owns one read-only mapping made by mmap(2), or nothing.
///
/// Move-only: a defaulted copy or move would unmap the same range twice.
/// A moved-from region is empty (data() == nullptr, size() == 0).
///
/// @warning The bytes are shared with the file. If another process truncates
/// the file, touching a page past the new end raises SIGBUS; if it writes to
/// the file, the bytes change under the reader. This is why memmap2 marks
/// mapping `unsafe`, and why the later stages hand out views only inside a
/// callback.
class MappedRegion {
 public:
  /// An owner of nothing.
  MappedRegion() noexcept = default;
  /// Takes ownership of a mapping of exactly @p length bytes at @p address.
  /// @pre @p address came from a successful mmap of @p length bytes, or is
  /// null with @p length 0.
  MappedRegion(void* address, std::size_t length) noexcept
      : address_(address), length_(address == nullptr ? 0 : length) {}
  MappedRegion(const MappedRegion&) = delete;
  MappedRegion& operator=(const MappedRegion&) = delete;
  /// Takes @p other's mapping; @p other is left empty.
  MappedRegion(MappedRegion&& other) noexcept;
  /// Unmaps what this owns, then takes @p other's mapping.
  MappedRegion& operator=(MappedRegion&& other) noexcept;
  /// Unmaps the region if one is owned; errors are ignored (call unmap() to
  /// see them), because a destructor must not throw.
  ~MappedRegion();

  /// First byte of the mapping, or nullptr when empty.
  [[nodiscard]] const std::byte* data() const noexcept {
    return static_cast<const std::byte*>(address_);
  }
  /// Length in bytes, exactly as passed to mmap.
  [[nodiscard]] std::size_t size() const noexcept { return length_; }
  /// The mapped bytes. The view dies with the mapping: do not keep it past
  /// unmap(), release() or destruction.
  [[nodiscard]] std::span<const std::byte> bytes() const noexcept {
    return {data(), length_};
  }
  /// True when a mapping is owned.
  [[nodiscard]] bool is_mapped() const noexcept { return address_ != nullptr; }

  /// What release() hands back: the range the caller must now munmap.
  struct Range {
    void* address;       ///< Start of the mapping, or nullptr.
    std::size_t length;  ///< Exact length that was mapped.
  };
  /// Gives up ownership without unmapping.
  [[nodiscard]] Range release() noexcept;

  /// Unmaps the owned range once and reports munmap's error. The region is
  /// empty afterwards either way: retrying cannot help, and the range must
  /// not be touched again.
  /// @return munmap(2)'s errno (EINVAL, ...), or an empty error_code on
  /// success or when nothing was owned.
  std::error_code unmap() noexcept;

  /// Exchanges the mappings of two owners.
  friend void swap(MappedRegion& a, MappedRegion& b) noexcept {
    const Range held{a.address_, a.length_};
    a.address_ = b.address_;
    a.length_ = b.length_;
    b.address_ = held.address;
    b.length_ = held.length;
  }

 private:
  void* address_ = nullptr;
  std::size_t length_ = 0;
};

/// Maps the first @p length bytes of @p fd read-only and shared.
///
/// mmap's failure value is MAP_FAILED, never NULL; it is checked as such.
/// A @p length of 0 is passed through, and the kernel answers EINVAL: stage 3
/// never asks for it.
/// @param[out] error mmap(2)'s errno (EINVAL, ENODEV, EACCES, ENOMEM, ...),
/// or EBADF without a call if @p fd owns nothing; cleared on success.
/// @return the owner of the mapping, or an empty region on error.
MappedRegion map_read_only(const FileDescriptor& fd, std::size_t length,
                           std::error_code& error) noexcept;

}  // namespace ffikit::stage2
