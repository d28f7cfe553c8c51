#include "ffikit/stage1_raw/helpers.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ffikit::stage1 {

void die(const char* operation, const char* path, int error_number) noexcept {
  // fprintf rather than iostreams: a dying process should not allocate more
  // than it must, and stderr is unbuffered.
  // A failed write to stderr cannot be reported anywhere; the exit status
  // still says the process failed.
  static_cast<void>(std::fprintf(stderr, "ffikit: %s(%s): %s\n", operation,
                                 path == nullptr ? "" : path,
                                 std::strerror(error_number)));
  std::exit(exit_status_on_failure);
}

int open_or_die(const char* path) noexcept {
  // SAFETY: path is NUL-terminated (precondition); O_RDONLY needs no mode.
  const int fd = open(path, o_rdonly | o_cloexec);
  if (fd < 0) {
    die("open", path, errno);
  }
  return fd;
}

stat_buffer fstat_or_die(int fd, const char* path) noexcept {
  stat_buffer status{};
  // SAFETY: status is a live object whose layout layout_check.cpp proves
  // identical to struct stat, so the kernel writes inside it.
  if (fstat(fd, &status) < 0) {
    die("fstat", path, errno);
  }
  return status;
}

const std::byte* mmap_or_die(int fd, std::size_t length,
                             const char* path) noexcept {
  // SAFETY: a fresh read-only shared mapping chosen by the kernel (address
  // hint null) cannot overlap memory this program already uses.
  void* address = mmap(nullptr, length, prot_read, map_shared, fd, 0);
  if (address == map_failed()) {
    die("mmap", path, errno);
  }
  return static_cast<const std::byte*>(address);
}

void munmap_or_die(const std::byte* address, std::size_t length,
                   const char* path) noexcept {
  // SAFETY: address and length are exactly what mmap_or_die returned and
  // the caller holds no view into the range any more.
  // munmap's C signature takes a non-const pointer but never writes
  // through it. NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast)
  if (munmap(const_cast<std::byte*>(address), length) < 0) {
    die("munmap", path, errno);
  }
}

void close_or_die(int fd, const char* path) noexcept {
  // SAFETY: fd was returned by open_or_die and is closed exactly once.
  if (close(fd) < 0) {
    die("close", path, errno);
  }
}

void with_mmap_file_contents(const char* path, contents_callback callback,
                             void* context) noexcept {
  const int fd = open_or_die(path);
  const stat_buffer status = fstat_or_die(fd, path);
  // The post trusted st_size blindly; stage 3 checks the narrowing.
  const auto size = static_cast<std::size_t>(status.st_size);
  const std::byte* bytes = mmap_or_die(fd, size, path);
  callback(bytes, size, context);
  munmap_or_die(bytes, size, path);
  close_or_die(fd, path);
}

}  // namespace ffikit::stage1
