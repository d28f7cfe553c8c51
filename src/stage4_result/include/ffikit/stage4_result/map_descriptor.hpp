/// @file
/// Stage 4: a mapping of a descriptor the caller keeps owning, of the whole
/// file or any region of it, with errors as values. What users of Rust's
/// memmap2 (`MmapOptions::offset().len().map(&file)`) and folly's
/// `MemoryMapping(fd, offset, length)` expect, checked the way stage 3
/// checks whole files.
#pragma once

#include <tl/expected.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage2_raii/mapped_region.hpp"
#include "ffikit/stage4_result/error.hpp"

namespace ffikit::stage4 {

/// Which part of a file to map, and how.
struct MapRequest {
  /// The first byte of the view. Any value: the page alignment mmap needs
  /// is handled (stage2::map_region()).
  std::uint64_t offset = 0;
  /// Bytes in the view; std::nullopt maps from @ref offset to the end of
  /// the file.
  std::optional<std::size_t> length;
  /// Read-only view or private writable copy; MAP_POPULATE or not.
  stage2::MapOptions options;
  /// Advice given with madvise(2) right after mapping.
  stage2::Advice advice = stage2::Advice::normal;
};

/// Maps @p request's part of the file open as @p fd.
///
/// The descriptor stays the caller's: it is not closed, and the mapping
/// does not need it afterwards. The file is checked first, as stage 3
/// checks files: it must be a regular file (a size means nothing for
/// anything else), and the region must lie inside it, because touching a
/// mapped page past the end of a file raises SIGBUS. An empty region (an
/// empty file, an offset at the end, a length of 0) is an empty
/// MappedRegion, made without calling mmap.
///
/// @param fd the descriptor to map; an owner converts, a raw number must
/// be wrapped in stage2::BorrowedDescriptor.
/// @param request offset, length, access, populate, advice.
/// @param name what the Error calls the file (its path, if the caller
/// knows it); empty gives "descriptor N".
/// @return the region, or the Error of the step that refused:
/// - ("check", EBADF), without a call, when @p fd lends nothing;
/// - ("fstat", errno) when fstat(2) fails (EBADF for a closed descriptor);
/// - ("check", EISDIR) for a directory, ("check", ENODEV) for anything
///   else that is not a regular file, ("check", EOVERFLOW) for a size that
///   does not fit, ("check", EINVAL) when the region starts or ends past
///   the end of the file (so offset + length can never wrap around);
/// - ("mmap", errno) and ("madvise", errno) from those calls.
///
/// @code
/// // 20 bytes from byte 10000 of a file someone else opened:
/// auto region = ffikit::stage4::map_descriptor(
///     ffikit::stage2::BorrowedDescriptor(fd), {.offset = 10000, .length =
///     20});
/// if (region) use(region->text());
/// @endcode
tl::expected<stage2::MappedRegion, Error> map_descriptor(
    stage2::BorrowedDescriptor fd, const MapRequest& request = {},
    std::string_view name = {}) noexcept;

}  // namespace ffikit::stage4
