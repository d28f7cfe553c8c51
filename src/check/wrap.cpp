// The in-process way in: link-time wrappers. A target linked with
// ffikit_link_checker() has every reference to open, close, ... in its own
// objects and static libraries redirected here by -Wl,--wrap=NAME; the
// linker binds __real_NAME to the libc function.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cstdarg>

#include "intercept.hpp"

extern "C" {
int __real_open(const char* path, int flags, ...);
int __real_open64(const char* path, int flags, ...);
int __real_openat(int dirfd, const char* path, int flags, ...);
int __real_openat64(int dirfd, const char* path, int flags, ...);
int __real___open_2(const char* path, int flags);
int __real___open64_2(const char* path, int flags);
int __real_fstat(int fd, struct stat* buffer);
int __real_fstat64(int fd, struct stat64* buffer);
void* __real_mmap(void* address, std::size_t length, int prot, int flags,
                  int fd, off_t offset);
void* __real_mmap64(void* address, std::size_t length, int prot, int flags,
                    int fd, off64_t offset);
int __real_munmap(void* address, std::size_t length);
int __real_close(int fd);

int __wrap_open(const char* path, int flags, ...);
int __wrap_open64(const char* path, int flags, ...);
int __wrap_openat(int dirfd, const char* path, int flags, ...);
int __wrap_openat64(int dirfd, const char* path, int flags, ...);
int __wrap___open_2(const char* path, int flags);
int __wrap___open64_2(const char* path, int flags);
int __wrap_fstat(int fd, struct stat* buffer);
int __wrap_fstat64(int fd, struct stat64* buffer);
void* __wrap_mmap(void* address, std::size_t length, int prot, int flags,
                  int fd, off_t offset);
void* __wrap_mmap64(void* address, std::size_t length, int prot, int flags,
                    int fd, off64_t offset);
int __wrap_munmap(void* address, std::size_t length);
int __wrap_close(int fd);
}

namespace ffikit::check::detail {

const RealCalls& real_calls() noexcept {
  static constexpr RealCalls calls{__real_close, __real_mmap, __real_munmap};
  return calls;
}

}  // namespace ffikit::check::detail

namespace {

using ffikit::check::detail::open_takes_mode;

// Reads open's optional mode. Only called when the flags say it was passed.
unsigned mode_argument(std::va_list arguments) {
  // SAFETY: open_takes_mode(flags) held, so the caller passed a mode_t
  // (promoted to unsigned int) as the next variadic argument.
  return va_arg(arguments, unsigned);
}

}  // namespace

int __wrap_open(const char* path, int flags, ...) {
  unsigned mode = 0;
  if (open_takes_mode(flags)) {
    std::va_list arguments;
    va_start(arguments, flags);
    mode = mode_argument(arguments);
    va_end(arguments);
  }
  return ffikit::check::detail::intercept_open(
      "open", AT_FDCWD, path, flags, mode, [&] {
        // SAFETY: forwards the caller's own arguments unchanged.
        return __real_open(path, flags, mode);
      });
}

int __wrap_open64(const char* path, int flags, ...) {
  unsigned mode = 0;
  if (open_takes_mode(flags)) {
    std::va_list arguments;
    va_start(arguments, flags);
    mode = mode_argument(arguments);
    va_end(arguments);
  }
  return ffikit::check::detail::intercept_open(
      "open64", AT_FDCWD, path, flags, mode, [&] {
        // SAFETY: forwards the caller's own arguments unchanged.
        return __real_open64(path, flags, mode);
      });
}

int __wrap_openat(int dirfd, const char* path, int flags, ...) {
  unsigned mode = 0;
  if (open_takes_mode(flags)) {
    std::va_list arguments;
    va_start(arguments, flags);
    mode = mode_argument(arguments);
    va_end(arguments);
  }
  return ffikit::check::detail::intercept_open(
      "openat", dirfd, path, flags, mode, [&] {
        // SAFETY: forwards the caller's own arguments unchanged.
        return __real_openat(dirfd, path, flags, mode);
      });
}

int __wrap_openat64(int dirfd, const char* path, int flags, ...) {
  unsigned mode = 0;
  if (open_takes_mode(flags)) {
    std::va_list arguments;
    va_start(arguments, flags);
    mode = mode_argument(arguments);
    va_end(arguments);
  }
  return ffikit::check::detail::intercept_open(
      "openat64", dirfd, path, flags, mode, [&] {
        // SAFETY: forwards the caller's own arguments unchanged.
        return __real_openat64(dirfd, path, flags, mode);
      });
}

int __wrap___open_2(const char* path, int flags) {
  return ffikit::check::detail::intercept_open(
      "__open_2", AT_FDCWD, path, flags, 0U, [&] {
        // SAFETY: forwards the caller's own arguments unchanged.
        return __real___open_2(path, flags);
      });
}

int __wrap___open64_2(const char* path, int flags) {
  return ffikit::check::detail::intercept_open(
      "__open64_2", AT_FDCWD, path, flags, 0U, [&] {
        // SAFETY: forwards the caller's own arguments unchanged.
        return __real___open64_2(path, flags);
      });
}

int __wrap_fstat(int fd, struct stat* buffer) {
  return ffikit::check::detail::intercept_fstat("fstat", fd, buffer, [&] {
    // SAFETY: forwards the caller's own arguments unchanged.
    return __real_fstat(fd, buffer);
  });
}

int __wrap_fstat64(int fd, struct stat64* buffer) {
  return ffikit::check::detail::intercept_fstat("fstat64", fd, buffer, [&] {
    // SAFETY: forwards the caller's own arguments unchanged.
    return __real_fstat64(fd, buffer);
  });
}

void* __wrap_mmap(void* address, std::size_t length, int prot, int flags,
                  int fd, off_t offset) {
  return ffikit::check::detail::intercept_mmap(
      "mmap", address, length, prot, flags, fd, offset, [&] {
        // SAFETY: forwards the caller's own arguments unchanged.
        return __real_mmap(address, length, prot, flags, fd, offset);
      });
}

void* __wrap_mmap64(void* address, std::size_t length, int prot, int flags,
                    int fd, off64_t offset) {
  return ffikit::check::detail::intercept_mmap(
      "mmap64", address, length, prot, flags, fd, offset, [&] {
        // SAFETY: forwards the caller's own arguments unchanged.
        return __real_mmap64(address, length, prot, flags, fd, offset);
      });
}

int __wrap_munmap(void* address, std::size_t length) {
  return ffikit::check::detail::intercept_munmap(address, length, [&] {
    // SAFETY: forwards the caller's own arguments unchanged.
    return __real_munmap(address, length);
  });
}

int __wrap_close(int fd) {
  return ffikit::check::detail::intercept_close(fd, [&] {
    // SAFETY: forwards the caller's own argument unchanged.
    return __real_close(fd);
  });
}
