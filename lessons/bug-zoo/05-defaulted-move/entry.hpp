/// @file
/// Bug zoo 05: an owner whose move constructor is defaulted (see README.md).
#pragma once

#include <cstddef>

/// Bug zoo 05: an owner whose move constructor is defaulted.
namespace ffikit::bug_zoo::defaulted_move {

/// Owns one read-only mapping, or nothing.
class Region {
 public:
  /// Maps @p length bytes of @p fd; owns nothing if that fails.
  Region(int fd, std::size_t length) noexcept;
  /// Takes @p other's mapping and leaves @p other owning nothing.
  Region(Region&& other) noexcept;
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;
  Region& operator=(Region&&) = delete;
  /// Unmaps what it owns.
  ~Region();

  /// The first byte, or nullptr when nothing is owned.
  [[nodiscard]] const void* data() const noexcept { return address_; }

 private:
  void* address_ = nullptr;
  std::size_t length_ = 0;
};

}  // namespace ffikit::bug_zoo::defaulted_move
