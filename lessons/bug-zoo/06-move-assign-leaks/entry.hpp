/// @file
/// Bug zoo 06: a move assignment that leaks the old mapping (see README.md).
#pragma once

#include <cstddef>

/// Bug zoo 06: a move assignment that leaks the old mapping.
namespace ffikit::bug_zoo::move_assign {

/// Owns one read-only mapping, or nothing.
class Region {
 public:
  /// Maps @p length bytes of @p fd; owns nothing if that fails.
  Region(int fd, std::size_t length) noexcept;
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;
  /// Unmaps what this owns, then takes @p other's mapping.
  Region& operator=(Region&& other) noexcept;
  /// Unmaps what it owns.
  ~Region();

  /// The first byte, or nullptr when nothing is owned.
  [[nodiscard]] const void* data() const noexcept { return address_; }

 private:
  void release() noexcept;

  void* address_ = nullptr;
  std::size_t length_ = 0;
};

}  // namespace ffikit::bug_zoo::move_assign
