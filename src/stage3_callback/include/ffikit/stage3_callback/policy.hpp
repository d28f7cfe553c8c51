/// @file
/// Pure policy for getting at a file's contents: no system calls, so tests
/// and fuzzers can reach every branch directly. The stages call these with
/// what fstatat(2) and fstat(2) said, and with the errno a call returned.
#pragma once

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>

#include "ffikit/stage2_raii/mapped_region.hpp"

namespace ffikit::stage3 {

/// Regular files smaller than this many bytes are read into memory rather
/// than mapped: below it, mmap's fixed costs (a new VMA, a page fault per
/// page, munmap and its TLB shootdown) outweigh copying the bytes once.
///
/// 256 KiB: where the crossover was measured on the kit's reference machine
/// (mmap, with or without MADV_SEQUENTIAL or MAP_POPULATE, against read
/// into a reused buffer; Google Benchmark, bench/mmap_vs_read, in
/// docs/performance.md): reading won at every size up to 256 KiB, mapping
/// at every size from 512 KiB. (LLVM's MemoryBuffer reads below four
/// pages; the measurement says a wrapper that copies once can read far
/// more before mapping pays.)
inline constexpr std::size_t small_file_threshold = std::size_t{256} * 1024;

/// The most bytes the read path ever holds for one file: 1 GiB.
///
/// Reading has no natural end for some files: a character device such as
/// /dev/zero, a FIFO whose writer never stops, a log that grows while it is
/// read. A bound turns those into an error (EFBIG) instead of exhausting
/// memory. 1 GiB is far above any /proc or /sys file (the kernel's BTF,
/// among the largest, is a few MiB) and above the files a caller would
/// expect to hold in memory; map larger files, or raise the bound.
inline constexpr std::size_t default_read_limit = std::size_t{1} << 30U;

/// How stages 3 and 4 get at a file's contents.
struct Options {
  /// Regular files smaller than this are read, not mapped; 0 maps every
  /// regular file with a size (the walk of the 2013 post, as the tour
  /// shows it).
  std::size_t read_below = small_file_threshold;
  /// The read path's hard upper bound; more bytes than this is EFBIG.
  std::size_t read_limit = default_read_limit;
  /// Read FIFOs and character and block devices to end of file instead of
  /// refusing them. Opening one then waits, as cat does, for a FIFO's
  /// writer; its bytes are held in memory up to read_limit.
  bool read_special_files = false;
  /// Advice for a mapping, given with madvise(2) right after mmap.
  stage2::Advice advice = stage2::Advice::normal;
  /// MAP_POPULATE for a mapping.
  bool populate = false;
};

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

/// Decides whether and how much of a file to map, from its st_mode and
/// st_size: the question stage 2's owners leave to the caller.
///
/// Only regular files are mapped. The file type is checked before the size,
/// so a FIFO or device (whose st_size means nothing) is refused even when
/// its size looks plausible. A size-0 regular file is "empty" here: there is
/// nothing to map. Whether it has contents all the same (/proc and /sys
/// files report size 0) is plan_contents()'s question.
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

/// How the callback API gets a file's contents.
enum class ContentsRoute : unsigned char {
  /// A regular file of at least Options::read_below bytes: mapped.
  map,
  /// A regular file with fewer bytes: read into an owned buffer.
  read_small,
  /// A regular file whose size is 0: read to end of file. Files in /proc
  /// and /sys report 0 and hold text; a truly empty file reads nothing.
  read_unsized,
  /// A FIFO or device the caller allowed (Options::read_special_files):
  /// opened blocking and read to end of file.
  read_special,
  /// Not read at all: ContentsPlan::refusal says why.
  refuse,
};

/// A route plus its numbers.
struct ContentsPlan {
  ContentsRoute route;  ///< What to do.
  /// map: the bytes to map; read_small: the expected size (the file may
  /// change while it is read); otherwise 0.
  std::size_t length;
  /// refuse: EISDIR (a directory), ENODEV (a FIFO, socket, device or
  /// unknown type), EOVERFLOW (a size that does not fit); otherwise 0.
  int refusal;
  /// Two plans are equal when every member is.
  friend constexpr bool operator==(const ContentsPlan&,
                                   const ContentsPlan&) = default;
};

/// Decides how to get a file's contents from its st_mode and st_size and
/// the caller's @p options: the stages ask before opening anything (with
/// fstatat) and again after opening (with fstat), because the file may
/// have been replaced in between.
///
/// Builds on plan_mapping(): what it would map is mapped unless smaller
/// than Options::read_below (and no larger than Options::read_limit); what
/// it calls empty is read to end of file; FIFOs and devices are read when
/// Options::read_special_files allows it; everything else is refused.
/// Sockets are always refused: open(2) cannot open them.
template <class Size = std::size_t>
constexpr ContentsPlan plan_contents(std::uint32_t mode, std::int64_t size,
                                     const Options& options) noexcept {
  const MapPlan mapping = plan_mapping<Size>(mode, size);
  switch (mapping.decision) {
    case MapDecision::map:
      if (mapping.length < options.read_below &&
          mapping.length <= options.read_limit) {
        return {ContentsRoute::read_small, mapping.length, 0};
      }
      return {ContentsRoute::map, mapping.length, 0};
    case MapDecision::empty:
      return {ContentsRoute::read_unsized, 0, 0};
    case MapDecision::refuse_special: {
      const std::uint32_t type = mode & static_cast<std::uint32_t>(S_IFMT);
      const bool readable = type == static_cast<std::uint32_t>(S_IFIFO) ||
                            type == static_cast<std::uint32_t>(S_IFCHR) ||
                            type == static_cast<std::uint32_t>(S_IFBLK);
      if (readable && options.read_special_files) {
        return {ContentsRoute::read_special, 0, 0};
      }
      break;
    }
    case MapDecision::refuse_directory:
    case MapDecision::refuse_size:
      break;
  }
  return {ContentsRoute::refuse, 0, refusal_errno(mapping.decision)};
}

/// True when mmap(2) failing with @p error means "read the file instead":
/// ENODEV (the file system cannot map it: FUSE, virtiofs, GPFS), EACCES (it
/// refuses this kind of mapping: sysfs) and ENOMEM (no room in the address
/// space, or too many mappings). Every other errno is a real failure
/// (EINVAL, EAGAIN, EOVERFLOW, ...). The reader cannot tell the difference:
/// the callback sees the same bytes.
constexpr bool read_instead_of_mapping(int error) noexcept {
  return error == ENODEV || error == EACCES || error == ENOMEM;
}

/// True when close(2) failing with @p error on a read-only descriptor loses
/// nothing, so stages 3 and 4 count the release as done: every errno but
/// EBADF.
///
/// Linux releases the descriptor before close returns, whatever it returns
/// (close(2), "Dealing with error returns"; the 2012 LWN article "close()
/// and EINTR"), so retrying is wrong and there is nothing left to release.
/// EINTR and EIO, like ENOSPC and EDQUOT, report trouble flushing data
/// written through the descriptor, and nothing was written through a
/// read-only one: the bytes the callback saw were already read. POSIX.1-2024
/// adds posix_close() so that EINTR can no longer leave the descriptor in
/// doubt; folly's closeNoInt counts EINTR as success and Chromium's ScopedFD
/// counts every error but EBADF as closed. EBADF is different: the
/// descriptor was not this program's to close (an ownership bug), and it is
/// reported.
constexpr bool close_error_loses_nothing(int error) noexcept {
  return error != EBADF;
}

}  // namespace ffikit::stage3
