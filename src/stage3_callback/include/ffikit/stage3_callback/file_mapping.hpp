/// @file
/// The non-template core of stages 3 and 4: a file's contents, held either
/// as a mapping (with the descriptor it was made from, their lifetimes
/// nested) or as bytes read into memory the kit owns.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage2_raii/mapped_region.hpp"
#include "ffikit/stage3_callback/failure.hpp"
#include "ffikit/stage3_callback/policy.hpp"

namespace ffikit::stage3 {

/// A whole file's contents, or nothing.
///
/// The promise is "the file's bytes, valid until close()": how they got
/// here is the kit's business. A regular file of Options::read_below bytes
/// or more is mapped (MAP_PRIVATE, read-only); anything mapping cannot
/// serve is read into an owned buffer: small files, size-0 files (/proc and
/// /sys hold text behind a size of 0), FIFOs and devices the caller
/// allowed, and files whose mmap the kernel refused with ENODEV, EACCES or
/// ENOMEM (read_instead_of_mapping()). This is the strength of lending the
/// bytes to a callback instead of handing out a mapping: the callback
/// cannot tell, and does not need to.
///
/// For a mapping, the descriptor is a member declared before the region,
/// so destruction releases the mapping first and the descriptor second:
/// the nesting the post asked for, on every path including exceptions.
/// Read bytes need no descriptor: it is closed as soon as they are read,
/// before anyone looks at them. Move-only.
class FileMapping {
 public:
  /// Nothing opened.
  FileMapping() noexcept = default;
  FileMapping(const FileMapping&) = delete;
  FileMapping& operator=(const FileMapping&) = delete;
  /// Takes @p other's contents; @p other is left empty.
  FileMapping(FileMapping&& other) noexcept;
  /// Releases what this holds (mapping first, then descriptor; errors
  /// ignored and errno kept, as in the destructors), then takes
  /// @p other's contents.
  FileMapping& operator=(FileMapping&& other) noexcept;
  /// Releases the mapping, then the descriptor.
  ~FileMapping() = default;

  /// Gets the contents of @p path with the default Options.
  static Failure open(std::string_view path, FileMapping& out) noexcept;

  /// Gets the contents of @p path: open_for_contents(), then map or read
  /// as its plan says.
  ///
  /// Errors, as (operation, errno): every error of open_for_contents()
  /// (("check", EISDIR) for a directory, ("check", ENODEV) for a FIFO,
  /// socket or device the caller did not allow, ("open", ENOENT), ...), and
  /// - ("mmap", errno) when mmap(2) fails with an errno that is no reason
  ///   to read instead (EINVAL, EAGAIN, EOVERFLOW, ...);
  /// - ("madvise", errno) when Options::advice cannot be given;
  /// - ("read", errno) when reading fails: read(2)'s errno, ENOMEM when the
  ///   buffer cannot be allocated, EFBIG past Options::read_limit;
  /// - ("close", EBADF) when the descriptor of read bytes was not this
  ///   program's to close (close_error_loses_nothing()).
  /// @param[out] out replaced on success; untouched on error, with
  /// everything acquired so far already released.
  /// @return an empty Failure on success.
  static Failure open(std::string_view path, const Options& options,
                      FileMapping& out) noexcept;

  /// The file's bytes; empty for an empty file. Valid until close(), a
  /// move or destruction.
  [[nodiscard]] std::span<const std::byte> bytes() const noexcept {
    return is_mapped() ? region_.bytes() : std::span<const std::byte>(buffer_);
  }
  /// The same bytes as text (no encoding is checked), with the same
  /// lifetime.
  [[nodiscard]] std::string_view text() const noexcept {
    const std::span<const std::byte> all = bytes();
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
    return {reinterpret_cast<const char*>(all.data()), all.size()};
  }
  /// True when the bytes are a mapping of the file, false when they were
  /// read (or nothing is held).
  [[nodiscard]] bool is_mapped() const noexcept { return region_.is_mapped(); }

  /// Releases what is held: unmaps, then closes, reporting ("munmap",
  /// errno), or ("close", EBADF). Both releases happen even if the first
  /// fails. Other close errors are no failure: the descriptor is read-only
  /// and Linux has released it (close_error_loses_nothing()).
  Failure close() noexcept;

 private:
  // Order matters: members are destroyed in reverse, region before fd.
  stage2::FileDescriptor descriptor_;
  stage2::MappedRegion region_;
  std::vector<std::byte> buffer_;
};

}  // namespace ffikit::stage3
