/// @file
/// Bug zoo 13: a borrowed descriptor closed by the borrower (see README.md).
#pragma once

#include <cstddef>

/// Bug zoo 13: a borrowed descriptor closed by the borrower.
namespace ffikit::bug_zoo::borrowed {

/// A read-only view of a descriptor the caller keeps: it maps the bytes and
/// unmaps them, and never closes the descriptor, which stays the caller's.
class View {
 public:
  /// Maps @p length bytes of @p fd; data() is nullptr if that fails.
  View(int fd, std::size_t length) noexcept;
  View(const View&) = delete;
  View& operator=(const View&) = delete;
  /// Unmaps the bytes. The descriptor is left open.
  ~View();

  /// The first byte, or nullptr.
  [[nodiscard]] const void* data() const noexcept { return address_; }
  /// The descriptor viewed: still the caller's.
  [[nodiscard]] int fd() const noexcept { return fd_; }

 private:
  int fd_ = -1;
  void* address_ = nullptr;
  std::size_t length_ = 0;
};

}  // namespace ffikit::bug_zoo::borrowed
