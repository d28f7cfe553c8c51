/// @file
/// Stage 2: a move-only owner of one memory mapping, and the ways to make
/// one: the whole start of a file, or any region of it.
///
/// The post's `MappedRegion` with its `Drop` impl, in C++. It remembers the
/// exact address and length mmap returned, so munmap always gets exactly
/// what was mapped, and a destructor that never throws (the post's version
/// failed the task from inside `finalize`). The rest is what users of Rust's
/// memmap2 and folly's MemoryMapping expect: mapping a descriptor someone
/// else owns, a region at any offset, a private writable copy, and advice.
#pragma once

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <system_error>

#include "ffikit/stage2_raii/file_descriptor.hpp"

namespace ffikit::stage2 {

/// What the holder of a mapping may do with its bytes.
enum class MapAccess : unsigned char {
  /// PROT_READ only. The default, and all the later stages use.
  read_only,
  /// A private copy: PROT_READ | PROT_WRITE with MAP_PRIVATE (memmap2's
  /// `map_copy`). Writes go to this process's own copies of the pages and
  /// never reach the file; a read-only descriptor is enough.
  copy,
};

/// How the bytes will be used, told to the kernel with madvise(2) so that
/// it can read ahead or drop pages early. Advice never changes the bytes.
enum class Advice : unsigned char {
  normal,      ///< MADV_NORMAL: no special treatment.
  sequential,  ///< MADV_SEQUENTIAL: read ahead aggressively, drop behind.
  willneed,    ///< MADV_WILLNEED: start reading the pages in now.
  random,      ///< MADV_RANDOM: do not read ahead.
};

/// How map_region() maps.
struct MapOptions {
  /// Read-only view or private copy.
  MapAccess access = MapAccess::read_only;
  /// MAP_POPULATE: read every page in before mmap returns, so that no
  /// later touch waits for the disk. It does not protect the bytes from a
  /// later truncation (see MappedRegion's warning).
  bool populate = false;
};

/// Owns one mapping made by mmap(2), or nothing, and shows a view of it.
///
/// Usually the view is the whole mapping. A region mapped at an offset that
/// is not a multiple of the page size (map_region()) is mapped from the
/// page boundary below it, and the view starts at the byte that was asked
/// for: data() and size() describe the view, release() hands back the
/// mapping.
///
/// Move-only: a defaulted copy or move would unmap the same range twice.
/// A moved-from region is empty (data() == nullptr, size() == 0). Unmapping
/// without a caller to tell (the destructor, a move-assignment over a live
/// region) keeps errno as it was.
///
/// @warning The bytes come from the file. If another process truncates the
/// file, touching a page past the new end raises SIGBUS; if it writes to
/// the file, the bytes change under the reader (a private mapping shares
/// every page it has not copied). This is why memmap2 marks mapping
/// `unsafe`, and why the later stages hand out views only inside a
/// callback.
class MappedRegion {
 public:
  /// What release() hands back: the range the caller must now munmap.
  struct Range {
    void* address;       ///< Start of the mapping, or nullptr.
    std::size_t length;  ///< Exact length that was mapped.
  };

  /// An owner of nothing.
  MappedRegion() noexcept = default;
  /// Takes ownership of a read-only mapping of exactly @p length bytes at
  /// @p address; the view is the whole mapping.
  /// @pre @p address came from a successful mmap of @p length bytes, or is
  /// null with @p length 0.
  MappedRegion(void* address, std::size_t length) noexcept
      : MappedRegion(Range{address, length}, 0, length, MapAccess::read_only) {}
  /// Takes ownership of @p mapping and shows @p view_length bytes of it
  /// from @p view_offset.
  /// @pre @p mapping came from a successful mmap with PROT_WRITE if
  /// @p access is MapAccess::copy; the view lies inside it.
  MappedRegion(Range mapping, std::size_t view_offset, std::size_t view_length,
               MapAccess access) noexcept;
  MappedRegion(const MappedRegion&) = delete;
  MappedRegion& operator=(const MappedRegion&) = delete;
  /// Takes @p other's mapping; @p other is left empty.
  MappedRegion(MappedRegion&& other) noexcept;
  /// Unmaps what this owns (errno kept), then takes @p other's mapping.
  MappedRegion& operator=(MappedRegion&& other) noexcept;
  /// Unmaps the region if one is owned, keeping errno; errors are ignored
  /// (call unmap() to see them), because a destructor must not throw.
  ~MappedRegion();

  /// First byte of the view, or nullptr when empty.
  [[nodiscard]] const std::byte* data() const noexcept {
    return mapping_.address == nullptr
               ? nullptr
               : static_cast<const std::byte*>(mapping_.address) + offset_;
  }
  /// Length of the view in bytes.
  [[nodiscard]] std::size_t size() const noexcept { return length_; }
  /// The viewed bytes. The view dies with the mapping: do not keep it past
  /// unmap(), release() or destruction.
  [[nodiscard]] std::span<const std::byte> bytes() const noexcept {
    return {data(), length_};
  }
  /// The viewed bytes as text (not checked for any encoding), with the
  /// same lifetime as bytes().
  [[nodiscard]] std::string_view text() const noexcept {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
    return {reinterpret_cast<const char*>(data()), length_};
  }
  /// The viewed bytes, writable, for a region mapped with MapAccess::copy;
  /// an empty span for a read-only one (check is_writable()). Writes stay
  /// in this process.
  [[nodiscard]] std::span<std::byte> writable_bytes() noexcept;
  /// True when a mapping is owned.
  [[nodiscard]] bool is_mapped() const noexcept {
    return mapping_.address != nullptr;
  }
  /// True for a region mapped with MapAccess::copy.
  [[nodiscard]] bool is_writable() const noexcept {
    return access_ == MapAccess::copy && is_mapped();
  }

  /// Tells the kernel how the mapping will be used (madvise(2) over the
  /// whole mapping).
  /// @return madvise's errno (EINVAL, ENOMEM, ...); EBADF without a call
  /// when nothing is mapped; empty on success.
  std::error_code advise(Advice advice) const noexcept;

  /// Gives up ownership without unmapping.
  [[nodiscard]] Range release() noexcept;

  /// Unmaps the owned range once and reports munmap's error. The region is
  /// empty afterwards either way: retrying cannot help, and the range must
  /// not be touched again.
  /// @return munmap(2)'s errno (EINVAL, ...), or an empty error_code on
  /// success or when nothing was owned.
  std::error_code unmap() noexcept;

  /// Exchanges the mappings of two owners.
  friend void swap(MappedRegion& a, MappedRegion& b) noexcept;

 private:
  Range mapping_{nullptr, 0};
  std::size_t offset_ = 0;
  std::size_t length_ = 0;
  MapAccess access_ = MapAccess::read_only;
};

/// Maps the first @p length bytes of @p fd read-only and private.
///
/// mmap's failure value is MAP_FAILED, never NULL; it is checked as such.
/// A @p length of 0 is passed through, and the kernel answers EINVAL: stage 3
/// never asks for it. MAP_PRIVATE rather than MAP_SHARED: see the comment
/// where the flag is chosen (in short, some file systems refuse shared
/// mappings that they allow private ones, and for PROT_READ the two show
/// the same bytes).
/// @param fd the descriptor to map; an owner converts, a raw number must be
/// wrapped in BorrowedDescriptor. It may be closed after this returns.
/// @param[out] error mmap(2)'s errno (EINVAL, ENODEV, EACCES, ENOMEM, ...),
/// or EBADF without a call if @p fd lends nothing; cleared on success.
/// @return the owner of the mapping, or an empty region on error.
MappedRegion map_read_only(BorrowedDescriptor fd, std::size_t length,
                           std::error_code& error) noexcept;

/// Where map_region() maps, with the page arithmetic done, or why it
/// cannot. Pure data, in 64-bit numbers whatever the target.
struct RegionPlan {
  /// 0, or the errno that refuses the region: EINVAL or EOVERFLOW.
  int refusal = 0;
  std::uint64_t file_offset = 0;  ///< Page-aligned offset passed to mmap.
  std::uint64_t view_offset = 0;  ///< From the mapping's start to the view.
  std::uint64_t map_length = 0;   ///< Bytes passed to mmap.
  /// Two plans are equal when every member is.
  friend constexpr bool operator==(const RegionPlan&,
                                   const RegionPlan&) = default;
};

/// Plans a mapping of @p length bytes from @p offset with pages of
/// @p page_size bytes: the offset is rounded down to a page boundary and
/// the difference added to the length. Pure, and templated on the length
/// type so that tests can show a 32-bit target's limits on a 64-bit one.
/// @return a plan whose refusal is EINVAL for a length of 0 or a page size
/// that is not a power of two; EOVERFLOW when offset + length does not fit
/// an off_t, or the mapped length does not fit @p Size and std::ptrdiff_t;
/// 0 otherwise.
template <class Size = std::size_t>
constexpr RegionPlan plan_region(std::uint64_t offset, std::uint64_t length,
                                 std::uint64_t page_size) noexcept {
  if (length == 0 || page_size == 0 || (page_size & (page_size - 1)) != 0) {
    return {EINVAL, 0, 0, 0};
  }
  constexpr std::uint64_t off_max = std::numeric_limits<std::int64_t>::max();
  if (offset > off_max || length > off_max - offset) {
    return {EOVERFLOW, 0, 0, 0};
  }
  const std::uint64_t view_offset = offset & (page_size - 1);
  constexpr std::uint64_t size_max = std::numeric_limits<Size>::max();
  constexpr std::uint64_t diff_max = std::numeric_limits<std::ptrdiff_t>::max();
  constexpr std::uint64_t length_max = std::min(size_max, diff_max);
  if (length > length_max - view_offset) {
    return {EOVERFLOW, 0, 0, 0};
  }
  return {0, offset - view_offset, view_offset, view_offset + length};
}

/// Maps @p length bytes of @p fd starting at byte @p offset, which need not
/// be page-aligned (memmap2's `MmapOptions::offset().len()`, folly's
/// `MemoryMapping(fd, offset, length)`).
///
/// The mapping starts at the page boundary at or below @p offset; the
/// region's view starts exactly at @p offset and is @p length bytes long.
/// The region may extend past the end of the file: mmap accepts that, and
/// touching a page wholly past the end raises SIGBUS. Check the file's
/// size first (stage 4's map_descriptor() does).
///
/// @param fd the descriptor to map, lent for the call.
/// @param offset the first byte of the view, in bytes from the file's start.
/// @param length bytes in the view.
/// @param options read-only or private copy; MAP_POPULATE or not.
/// @param[out] error EBADF without a call if @p fd lends nothing; EINVAL or
/// EOVERFLOW without a call as plan_region() says; else mmap(2)'s errno
/// (ENODEV, EACCES, ENOMEM, ...); cleared on success.
/// @return the owner of the mapping, or an empty region on error.
///
/// @code
/// std::error_code error;
/// auto region = ffikit::stage2::map_region(fd, 10000, 20, {}, error);
/// // region.text() is bytes 10000 to 10019 of the file
/// @endcode
MappedRegion map_region(BorrowedDescriptor fd, std::uint64_t offset,
                        std::size_t length, const MapOptions& options,
                        std::error_code& error) noexcept;

}  // namespace ffikit::stage2
