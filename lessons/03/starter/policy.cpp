#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "lesson03.hpp"

namespace lesson03 {

std::optional<std::size_t> narrow_file_size(std::int64_t size) noexcept {
  // TODO: a negative size is not a size; and a span cannot be longer than
  // PTRDIFF_MAX. Refuse both instead of casting blindly.
  return static_cast<std::size_t>(size);
}

MapPlan plan_mapping(std::uint32_t mode, std::int64_t size) noexcept {
  // TODO: look at the file type (mode & S_IFMT) before the size, refuse
  // directories and everything that is not a regular file, and never plan
  // an mmap of 0 bytes.
  static_cast<void>(mode);
  return {MapDecision::map, static_cast<std::size_t>(size)};
}

MapPlan plan_for_path(std::string_view path, std::error_code& error) noexcept {
  // TODO: open without blocking, fstat, close on every path, then decide.
  static_cast<void>(path);
  error.assign(ENOSYS, std::system_category());
  return {MapDecision::refuse_special, 0};
}

}  // namespace lesson03
