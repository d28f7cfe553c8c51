/// @file
/// Bug zoo 15: a move constructor that reads members it never set (see
/// README.md).
#pragma once

#include <cstddef>

/// Bug zoo 15: a move constructor that reads members it never set.
namespace ffikit::bug_zoo::move_swap {

/// Owns a descriptor and a read-only mapping of it, or nothing.
class Mapping {
 public:
  /// Owns nothing.
  Mapping() noexcept : fd_(-1), address_(nullptr), length_(0) {}
  /// Takes @p fd and maps @p length bytes of it.
  Mapping(int fd, std::size_t length) noexcept;
  /// Takes @p other's descriptor and mapping; @p other owns nothing after.
  Mapping(Mapping&& other) noexcept;
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  Mapping& operator=(Mapping&&) = delete;
  /// Unmaps and closes what it owns.
  ~Mapping();

  /// The owned descriptor, or -1.
  [[nodiscard]] int fd() const noexcept { return fd_; }
  /// The first byte, or nullptr.
  [[nodiscard]] const void* data() const noexcept { return address_; }
  /// Exchanges what @p a and @p b own.
  friend void swap(Mapping& a, Mapping& b) noexcept;

 private:
  // No default member initializers: every constructor must set all three.
  int fd_;
  void* address_;
  std::size_t length_;
};

}  // namespace ffikit::bug_zoo::move_swap
