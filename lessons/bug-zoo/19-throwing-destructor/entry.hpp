/// @file
/// Bug zoo 19: a destructor that throws when munmap fails (see README.md).
#pragma once

#include <cstddef>
#include <system_error>

/// Bug zoo 19: a destructor that throws when munmap fails.
namespace ffikit::bug_zoo::throwing {

/// Owns one read-only mapping.
class Mapping {
 public:
  /// Maps @p length bytes of @p fd. @throws std::system_error on failure.
  Mapping(int fd, std::size_t length);
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  /// Unmaps if still mapped, and never throws: a failure there is lost;
  /// call unmap() to see it.
  ~Mapping();

  /// Unmaps once. @return munmap's errno, or an empty code.
  std::error_code unmap() noexcept;

 private:
  void* address_ = nullptr;
  std::size_t length_ = 0;
};

}  // namespace ffikit::bug_zoo::throwing
