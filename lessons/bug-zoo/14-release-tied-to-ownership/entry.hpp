/// @file
/// Bug zoo 14: a mapping released only when the descriptor is owned (see
/// README.md).
#pragma once

#include <cstddef>

/// Bug zoo 14: a mapping released only when the descriptor is owned.
namespace ffikit::bug_zoo::ownership {

/// Whether a MappedFile closes its descriptor.
enum class Descriptor {
  borrowed,  ///< The caller keeps it and closes it.
  owned,     ///< The MappedFile closes it when destroyed.
};

/// A read-only mapping of a file and, if owned, its descriptor.
class MappedFile {
 public:
  /// Maps @p length bytes of @p fd; data() is nullptr if that fails.
  MappedFile(int fd, std::size_t length, Descriptor descriptor) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  /// Unmaps, then closes the descriptor if it is owned.
  ~MappedFile();

  /// The first byte, or nullptr.
  [[nodiscard]] const void* data() const noexcept { return address_; }

 private:
  int fd_ = -1;
  bool owns_fd_ = false;
  void* address_ = nullptr;
  std::size_t length_ = 0;
};

}  // namespace ffikit::bug_zoo::ownership
