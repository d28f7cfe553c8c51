// Lesson 3's reference: the starter, completed. The decisions make no system
// call; plan_for_path only gathers the two facts they need.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <limits>
#include <string>

#include "lesson03.hpp"

namespace lesson03 {

std::optional<std::size_t> narrow_file_size(std::int64_t size) noexcept {
  if (size < 0) {
    return std::nullopt;
  }
  const auto unsigned_size = static_cast<std::uint64_t>(size);
  // Never true on x86_64, where PTRDIFF_MAX is INT64_MAX; it is what keeps
  // the function right where size_t or ptrdiff_t is narrower.
  if (unsigned_size >
      static_cast<std::uint64_t>(std::numeric_limits<std::ptrdiff_t>::max())) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(unsigned_size);
}

MapPlan plan_mapping(std::uint32_t mode, std::int64_t size) noexcept {
  const std::uint32_t type = mode & static_cast<std::uint32_t>(S_IFMT);
  if (type == static_cast<std::uint32_t>(S_IFDIR)) {
    return {MapDecision::refuse_directory, 0};
  }
  if (type != static_cast<std::uint32_t>(S_IFREG)) {
    return {MapDecision::refuse_special, 0};
  }
  const std::optional<std::size_t> length = narrow_file_size(size);
  if (!length) {
    return {MapDecision::refuse_size, 0};
  }
  if (*length == 0) {
    return {MapDecision::empty, 0};
  }
  return {MapDecision::map, *length};
}

MapPlan plan_for_path(std::string_view path, std::error_code& error) noexcept {
  constexpr MapPlan failed{MapDecision::refuse_special, 0};
  const std::string terminated(path);
  // SAFETY: terminated is NUL-terminated; O_NONBLOCK keeps a FIFO from
  // waiting for a writer; nothing is created, so no mode argument.
  const int fd = ::open(terminated.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error.assign(errno, std::system_category());
    return failed;
  }
  struct stat status {};
  // SAFETY: status is a live struct stat and fd is open.
  if (::fstat(fd, &status) != 0) {
    error.assign(errno, std::system_category());
    // SAFETY: fd is open and closed once; errno was saved above.
    static_cast<void>(::close(fd));
    return failed;
  }
  // SAFETY: fd is open and closed exactly once, never retried.
  if (::close(fd) != 0) {
    error.assign(errno, std::system_category());
    return failed;
  }
  error.clear();
  return plan_mapping(status.st_mode, status.st_size);
}

}  // namespace lesson03
