/// @file
/// Pure policy for mapping a file: no system calls, so tests and fuzzers can
/// reach every branch directly. The stages call these after fstat(2).
#pragma once

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>

namespace ffikit::stage3 {

/// What the kit does with a file, decided from its fstat(2) result alone.
enum class MapDecision {
  map,               ///< A regular file with bytes: map exactly its size.
  empty,             ///< A regular file of size 0: no mmap (it would fail
                     ///< with EINVAL); the callback sees an empty view.
  refuse_directory,  ///< A directory: refused with EISDIR.
  refuse_special,    ///< FIFO, socket, device or anything else that is not a
                     ///< regular file: refused with ENODEV, as mmap would.
  refuse_size,       ///< A size that is negative or does not fit the address
                     ///< space: refused with EOVERFLOW.
};

/// A decision plus, for MapDecision::map, the length to map.
struct MapPlan {
  MapDecision decision;  ///< What to do.
  std::size_t length;    ///< Bytes to map; 0 unless decision is map.
  /// Two plans are equal when both members are.
  friend constexpr bool operator==(const MapPlan&, const MapPlan&) = default;
};

/// Narrows a file size (off_t) to a length type, or says it cannot.
///
/// A size fits when it is not negative and is at most the largest value of
/// both @p Size and std::ptrdiff_t (a std::span longer than PTRDIFF_MAX
/// cannot be indexed). Templated on the target type so that tests can show
/// the 32-bit behaviour on a 64-bit machine.
/// @return the size as @p Size, or std::nullopt.
template <class Size = std::size_t>
constexpr std::optional<Size> narrow_file_size(std::int64_t size) noexcept {
  static_assert(std::numeric_limits<Size>::is_integer &&
                !std::numeric_limits<Size>::is_signed);
  if (size < 0) {
    return std::nullopt;
  }
  const auto unsigned_size = static_cast<std::uint64_t>(size);
  constexpr auto size_max =
      static_cast<std::uint64_t>(std::numeric_limits<Size>::max());
  constexpr auto diff_max =
      static_cast<std::uint64_t>(std::numeric_limits<std::ptrdiff_t>::max());
  constexpr std::uint64_t limit = std::min(size_max, diff_max);
  if (unsigned_size > limit) {
    return std::nullopt;
  }
  return static_cast<Size>(unsigned_size);
}

/// Decides how to treat a file from its st_mode and st_size.
///
/// Only regular files are mapped. The file type is checked before the size,
/// so a FIFO or device (whose st_size means nothing) is refused even when
/// its size looks plausible, and a size-0 /proc file is treated as empty:
/// callers that must see such contents have to read(2) instead.
/// @param mode st_mode from fstat.
/// @param size st_size from fstat.
template <class Size = std::size_t>
constexpr MapPlan plan_mapping(std::uint32_t mode, std::int64_t size) noexcept {
  const std::uint32_t type = mode & static_cast<std::uint32_t>(S_IFMT);
  if (type == static_cast<std::uint32_t>(S_IFDIR)) {
    return {MapDecision::refuse_directory, 0};
  }
  if (type != static_cast<std::uint32_t>(S_IFREG)) {
    return {MapDecision::refuse_special, 0};
  }
  const std::optional<Size> length = narrow_file_size<Size>(size);
  if (!length) {
    return {MapDecision::refuse_size, 0};
  }
  if (*length == 0) {
    return {MapDecision::empty, 0};
  }
  return {MapDecision::map, static_cast<std::size_t>(*length)};
}

/// The errno reported for a refusal, or 0 for map and empty.
constexpr int refusal_errno(MapDecision decision) noexcept {
  switch (decision) {
    case MapDecision::refuse_directory:
      return EISDIR;
    case MapDecision::refuse_special:
      return ENODEV;
    case MapDecision::refuse_size:
      return EOVERFLOW;
    case MapDecision::map:
    case MapDecision::empty:
      break;
  }
  return 0;
}

}  // namespace ffikit::stage3
