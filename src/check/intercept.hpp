// Internal: the body shared by every interceptor. Each takes the real call
// as a callable so that the same logic serves --wrap (__real_*) and the
// preload library (dlsym). Not installed.
#pragma once

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <utility>

#include "monitor.hpp"

namespace ffikit::check::detail {

/// The mode argument of open exists only with O_CREAT or O_TMPFILE; reading
/// it otherwise would take garbage from the variadic list.
constexpr bool open_takes_mode(int flags) noexcept {
  return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
}

template <class Real>
int intercept_open(const char* symbol, int dirfd, const char* path, int flags,
                   unsigned mode, Real&& real) {
  const ReentryGuard guard;
  if (!guard.outermost() || !armed()) {
    return std::forward<Real>(real)();
  }
  Event event;
  event.function = Function::open;
  event.symbol = symbol;
  event.path = path == nullptr ? "(null)" : path;
  event.dirfd = dirfd;
  event.flags = flags;
  event.mode = mode;
  if (const int error = decide(Function::open)) {
    event.result = -1;
    event.error = error;
    event.injected = true;
    record(std::move(event));
    errno = error;
    return -1;
  }
  const int fd = std::forward<Real>(real)();
  const int saved = errno;
  event.result = fd;
  event.error = fd < 0 ? saved : 0;
  record(std::move(event));
  errno = saved;
  return fd;
}

template <class Stat, class Real>
int intercept_fstat(const char* symbol, int fd, Stat* buffer, Real&& real) {
  const ReentryGuard guard;
  if (!guard.outermost() || !armed()) {
    return std::forward<Real>(real)();
  }
  Event event;
  event.function = Function::fstat;
  event.symbol = symbol;
  event.fd = fd;
  if (const int error = decide(Function::fstat)) {
    event.result = -1;
    event.error = error;
    event.injected = true;
    record(std::move(event));
    errno = error;
    return -1;
  }
  const int result = std::forward<Real>(real)();
  const int saved = errno;
  event.result = result;
  event.error = result < 0 ? saved : 0;
  if (result == 0) {
    event.file_size = static_cast<std::int64_t>(buffer->st_size);
    event.file_mode = buffer->st_mode;
  }
  record(std::move(event));
  errno = saved;
  return result;
}

template <class Real>
void* intercept_mmap(const char* symbol, void* address, std::size_t length,
                     int prot, int flags, int fd, off_t offset, Real&& real) {
  const ReentryGuard guard;
  if (!guard.outermost() || !armed()) {
    return std::forward<Real>(real)();
  }
  Event event;
  event.function = Function::mmap;
  event.symbol = symbol;
  event.address = reinterpret_cast<std::uintptr_t>(address);
  event.length = length;
  event.prot = prot;
  event.map_flags = flags;
  event.fd = fd;
  event.offset = offset;
  if (const int error = decide(Function::mmap)) {
    event.result = -1;
    event.error = error;
    event.injected = true;
    record(std::move(event));
    errno = error;
    return MAP_FAILED;
  }
  void* mapped = std::forward<Real>(real)();
  const int saved = errno;
  event.result = reinterpret_cast<std::intptr_t>(mapped);
  event.error = mapped == MAP_FAILED ? saved : 0;
  record(std::move(event));
  errno = saved;
  return mapped;
}

template <class Real>
int intercept_munmap(void* address, std::size_t length, Real&& real) {
  const ReentryGuard guard;
  if (!guard.outermost() || !armed()) {
    return std::forward<Real>(real)();
  }
  Event event;
  event.function = Function::munmap;
  event.symbol = "munmap";
  event.address = reinterpret_cast<std::uintptr_t>(address);
  event.length = length;
  if (const int error = decide(Function::munmap)) {
    // The mapping stays, as after a real failure; the ledger still counts
    // it released because the program did try.
    event.result = -1;
    event.error = error;
    event.injected = true;
    const std::uintptr_t start = event.address;
    record(std::move(event));
    park_abandoned(start, length);
    errno = error;
    return -1;
  }
  if (should_quarantine(event.address, length)) {
    // SAFETY: the range is exactly a live mapping the program is releasing;
    // MAP_FIXED replaces it atomically with an inaccessible reservation, so
    // no other mapping can be placed there while it is parked.
    void* reserved = real_calls().mmap(
        address, length, PROT_NONE,
        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    if (reserved != MAP_FAILED) {
      event.result = 0;
      event.quarantined = true;
      record(std::move(event));
      park_quarantined(reinterpret_cast<std::uintptr_t>(address), length);
      return 0;
    }
  }
  const int result = std::forward<Real>(real)();
  const int saved = errno;
  event.result = result;
  event.error = result < 0 ? saved : 0;
  record(std::move(event));
  errno = saved;
  return result;
}

template <class Real>
int intercept_close(int fd, Real&& real) {
  const ReentryGuard guard;
  if (!guard.outermost() || !armed()) {
    return std::forward<Real>(real)();
  }
  Event event;
  event.function = Function::close;
  event.symbol = "close";
  event.fd = fd;
  if (const int error = decide(Function::close)) {
    // Linux releases the descriptor even when close reports an error, so an
    // honest simulation closes it for real and then reports the error.
    static_cast<void>(std::forward<Real>(real)());
    event.result = -1;
    event.error = error;
    event.injected = true;
    record(std::move(event));
    errno = error;
    return -1;
  }
  const int result = std::forward<Real>(real)();
  const int saved = errno;
  event.result = result;
  event.error = result < 0 ? saved : 0;
  record(std::move(event));
  errno = saved;
  return result;
}

}  // namespace ffikit::check::detail
