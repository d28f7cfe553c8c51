// Each buggy function is the shortest honest version of a mistake found in
// real projects (see README.md); its fixed twin differs only where the bug is.
#include "bugs.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <limits>
#include <utility>

namespace ffikit::bug_zoo {
namespace {

// Opens read-only and close-on-exec, returns the size through fstat.
int open_and_size(const char* path, int& fd, std::size_t& size) noexcept {
  // SAFETY: path is NUL-terminated (caller's contract); no O_CREAT.
  fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return errno;
  }
  struct stat status {};
  // SAFETY: status is a live struct stat; fd is open.
  if (::fstat(fd, &status) != 0) {
    const int error = errno;
    // SAFETY: fd is open and closed once.
    ::close(fd);
    return error;
  }
  size = static_cast<std::size_t>(status.st_size);
  return 0;
}

int load_impl(const char* path, std::string& out, bool skip_empty) noexcept {
  int fd = -1;
  std::size_t size = 0;
  if (const int error = open_and_size(path, fd, size)) {
    return error;
  }
  int result = 0;
  if (skip_empty && size == 0) {
    out.clear();
  } else {
    // SAFETY: a fresh read-only mapping of an open descriptor.
    void* address = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
    if (address == MAP_FAILED) {
      result = errno;
    } else {
      out.assign(static_cast<const char*>(address), size);
      // SAFETY: exactly the range mmap returned.
      ::munmap(address, size);
    }
  }
  // SAFETY: fd is open and closed once.
  ::close(fd);
  return result;
}

int file_size_impl(const char* path, std::int64_t& size,
                   bool zero_is_valid) noexcept {
  // SAFETY: path is NUL-terminated (caller's contract); no O_CREAT.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  int result = 0;
  struct stat status {};
  // SAFETY: status is a live struct stat; fstat of -1 just fails with EBADF.
  if (fd < 0 || ::fstat(fd, &status) != 0) {
    result = errno;
  } else {
    size = status.st_size;
  }
  if (zero_is_valid ? fd >= 0 : fd > 0) {
    // SAFETY: fd came from open above and is closed once.
    ::close(fd);
  }
  return result;
}

RawRegion map_or_null(int fd, std::size_t length) noexcept {
  // SAFETY: a fresh read-only mapping of an open descriptor.
  void* address = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
  return address == MAP_FAILED ? RawRegion{} : RawRegion{address, length};
}

void unmap_if_set(const RawRegion& region) noexcept {
  if (region.address != nullptr) {
    // SAFETY: the range this owner believes it holds (twice, in bug 5).
    ::munmap(region.address, region.length);
  }
}

}  // namespace

DefaultedMoveRegion::DefaultedMoveRegion(int fd, std::size_t length) noexcept
    : region(map_or_null(fd, length)) {}
DefaultedMoveRegion::~DefaultedMoveRegion() { unmap_if_set(region); }

MovableRegion::MovableRegion(int fd, std::size_t length) noexcept
    : region(map_or_null(fd, length)) {}
MovableRegion::MovableRegion(MovableRegion&& other) noexcept
    : region(std::exchange(other.region, RawRegion{})) {}
MovableRegion::~MovableRegion() { unmap_if_set(region); }

namespace buggy {

int load(const char* path, std::string& out) noexcept {
  return load_impl(path, out, false);
}

int map_region(int fd, std::size_t length, RawRegion& out) noexcept {
  // SAFETY: a fresh read-only mapping of an open descriptor.
  void* address = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
  if (address == nullptr) {
    return errno;
  }
  out = {address, length};
  return 0;
}

int file_size(const char* path, std::int64_t& size) noexcept {
  return file_size_impl(path, size, false);
}

int close_fd(int fd) noexcept {
  int result = 0;
  do {
    // SAFETY: none: after EINTR the descriptor is already gone on Linux and
    // this retry may close a number someone else now owns.
    result = ::close(fd);
  } while (result != 0 && errno == EINTR);
  return result == 0 ? 0 : errno;
}

int unmap(RawRegion region) noexcept {
  // SAFETY: none: one page is not what was mapped.
  return ::munmap(region.address, 4096) == 0 ? 0 : errno;
}

int open_read_only(const char* path) noexcept {
  // SAFETY: path is NUL-terminated; the missing O_CLOEXEC is the bug.
  return ::open(path, O_RDONLY);
}

int open_path(std::string_view path) noexcept {
  const std::string copy(path);
  // SAFETY: c_str() is NUL-terminated, but stops at the first NUL in path.
  return ::open(copy.c_str(), O_RDONLY | O_CLOEXEC);
}

std::optional<std::uint32_t> length32(std::int64_t size) noexcept {
  return static_cast<std::uint32_t>(size);
}

}  // namespace buggy

namespace fixed {

int load(const char* path, std::string& out) noexcept {
  return load_impl(path, out, true);
}

int map_region(int fd, std::size_t length, RawRegion& out) noexcept {
  // SAFETY: a fresh read-only mapping of an open descriptor.
  void* address = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
  if (address == MAP_FAILED) {
    return errno;
  }
  out = {address, length};
  return 0;
}

int file_size(const char* path, std::int64_t& size) noexcept {
  return file_size_impl(path, size, true);
}

int close_fd(int fd) noexcept {
  // SAFETY: fd is owned by the caller and closed exactly once, never retried.
  if (::close(fd) != 0 && errno != EINTR) {
    return errno;
  }
  return 0;
}

int unmap(RawRegion region) noexcept {
  // SAFETY: exactly the range mmap returned.
  return ::munmap(region.address, region.length) == 0 ? 0 : errno;
}

int open_read_only(const char* path) noexcept {
  // SAFETY: path is NUL-terminated; no O_CREAT.
  return ::open(path, O_RDONLY | O_CLOEXEC);
}

int open_path(std::string_view path) noexcept {
  if (path.find('\0') != std::string_view::npos) {
    errno = EINVAL;
    return -1;
  }
  const std::string copy(path);
  // SAFETY: copy holds no NUL but its terminator, so open sees the whole path.
  return ::open(copy.c_str(), O_RDONLY | O_CLOEXEC);
}

std::optional<std::uint32_t> length32(std::int64_t size) noexcept {
  if (size < 0 || static_cast<std::uint64_t>(size) >
                      std::numeric_limits<std::uint32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(size);
}

}  // namespace fixed

}  // namespace ffikit::bug_zoo
