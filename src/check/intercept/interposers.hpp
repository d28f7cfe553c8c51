// Internal: what every watched call does, once per shape and once per
// symbol. Both ways in (intercept/wrap.cpp, intercept/preload.cpp) define
// their entry points from watched_calls.def through entry_points.inc, and
// each entry point calls on_SYMBOL(real, site, arguments...) here with the
// real libc function as `real`. Not installed.
#pragma once

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstdint>
#include <type_traits>
#include <utility>

#include "monitor.hpp"

namespace ffikit::check::detail {

/// The mode argument of open exists only with O_CREAT or O_TMPFILE; reading
/// it otherwise would take garbage from the variadic list.
constexpr bool open_takes_mode(int flags) noexcept {
  return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
}

/// fcntl commands that make a new descriptor; every other command passes
/// straight through, unwatched.
constexpr bool fcntl_duplicates(int command) noexcept {
  return command == F_DUPFD || command == F_DUPFD_CLOEXEC;
}

/// A fresh event for a call of @p symbol made at @p site.
inline Event call_event(Symbol symbol, std::uintptr_t site) noexcept {
  Event event;
  event.symbol = symbol;
  event.function = function_of(symbol);
  event.site = site;
  return event;
}

/// The value a call of type R returns on failure.
template <class R>
R failure_value() noexcept {
  if constexpr (std::is_same_v<R, void*>) {
    return MAP_FAILED;
  } else if constexpr (std::is_pointer_v<R>) {
    return nullptr;
  } else {
    return static_cast<R>(-1);
  }
}

/// The result of @p r as the trace stores it.
template <class R>
std::intptr_t result_of(R r) noexcept {
  if constexpr (std::is_pointer_v<R>) {
    if constexpr (std::is_same_v<R, void*>) {
      return r == MAP_FAILED ? -1 : reinterpret_cast<std::intptr_t>(r);
    } else {
      return r == nullptr ? -1 : reinterpret_cast<std::intptr_t>(r);
    }
  } else {
    return static_cast<std::intptr_t>(r);
  }
}

/// A call that makes or uses descriptors (open, dup, pipe, fstat, fopen
/// ...): the real call runs unlocked (it may block: a FIFO's open, accept),
/// then the event is recorded. @p finish fills what only the result tells
/// (pipe's ends, the stream's descriptor, fstat's size).
template <class Real, class Finish>
auto watch_call(Event& event, Real&& real, Finish&& finish) {
  using R = decltype(real());
  const ReentryGuard guard;
  if (!guard.outermost() || !watching(event.site)) {
    return real();
  }
  if (const int error = decide(event.function)) {
    event.result = -1;
    event.error = error;
    event.injected = true;
    record(event);
    errno = error;
    return failure_value<R>();
  }
  R r = real();
  const int saved = errno;
  event.result = result_of(r);
  event.error = event.failed() ? saved : 0;
  finish(event, r);
  record(event);
  errno = saved;
  return r;
}

/// A call that only reads its result (no finishing).
template <class Real>
auto watch_call(Event& event, Real&& real) {
  return watch_call(event, std::forward<Real>(real), [](Event&, auto) {});
}

/// Passed as a release's injection action when an injected failure changes
/// nothing (dup2's target and close_range's descriptors are left alone).
struct NothingReleased {};

/// A call that releases a descriptor (close, fclose, closedir, dup2 onto a
/// target, close_range): the ledger lets go of the number *before* the
/// real call, so that no other thread can be handed it while the ledger
/// still holds it; the result is judged after. An injected failure runs
/// @p on_injection first, which releases for real, as Linux's close does
/// (the descriptor is gone whatever close returns).
template <class Real, class Finish, class OnInjection>
auto release_call(Event& event, Real&& real, Finish&& finish,
                  OnInjection&& on_injection) {
  using R = decltype(real());
  constexpr bool changes_nothing =
      std::is_same_v<std::decay_t<OnInjection>, NothingReleased>;
  const ReentryGuard guard;
  if (!guard.outermost() || !watching(event.site)) {
    return real();
  }
  const int error = decide(event.function);
  if (changes_nothing && error != 0) {
    event.result = -1;
    event.error = error;
    event.injected = true;
    record(event);
    errno = error;
    return failure_value<R>();
  }
  const Ledger::Release release = begin_release(event);
  if (error != 0) {
    event.result = -1;
    event.error = error;
    event.injected = true;
    if constexpr (!changes_nothing) {
      // The release happens for real; if the kernel refused it (the
      // descriptor was not open), that is what happened, and it is what
      // the ledger judges: a double close is a double close whatever errno
      // the plan meant to report.
      if (on_injection() != 0 && errno == EBADF) {
        event.error = EBADF;
        event.injected = false;
      }
    }
    end_release(event, release);
    errno = event.error;
    return failure_value<R>();
  }
  R r = real();
  const int saved = errno;
  event.result = result_of(r);
  event.error = event.failed() ? saved : 0;
  finish(event, r);
  end_release(event, release);
  errno = saved;
  return r;
}

// ---- the open family ----

template <class Real>
int on_open_at(Symbol symbol, std::uintptr_t site, int dirfd, const char* path,
               int flags, unsigned mode, Real&& real) {
  Event event = call_event(symbol, site);
  event.dirfd = dirfd;
  event.path = path;
  event.flags = flags;
  event.mode = mode;
  return watch_call(event, std::forward<Real>(real));
}

// The handlers are named after their symbols, reserved names included.
// NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
template <class Real>
int on___open_2(Real real, std::uintptr_t site, const char* path, int flags) {
  return on_open_at(Symbol::__open_2, site, AT_FDCWD, path, flags, 0U,
                    [&] { return real(path, flags); });
}
template <class Real>
int on___open64_2(Real real, std::uintptr_t site, const char* path, int flags) {
  return on_open_at(Symbol::__open64_2, site, AT_FDCWD, path, flags, 0U,
                    [&] { return real(path, flags); });
}
template <class Real>
int on___openat_2(Real real, std::uintptr_t site, int dirfd, const char* path,
                  int flags) {
  return on_open_at(Symbol::__openat_2, site, dirfd, path, flags, 0U,
                    [&] { return real(dirfd, path, flags); });
}
template <class Real>
int on___openat64_2(Real real, std::uintptr_t site, int dirfd, const char* path,
                    int flags) {
  return on_open_at(Symbol::__openat64_2, site, dirfd, path, flags, 0U,
                    [&] { return real(dirfd, path, flags); });
}
// NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
template <class Real>
int on_creat(Real real, std::uintptr_t site, const char* path, mode_t mode) {
  return on_open_at(Symbol::creat, site, AT_FDCWD, path,
                    O_CREAT | O_WRONLY | O_TRUNC, mode,
                    [&] { return real(path, mode); });
}
template <class Real>
int on_creat64(Real real, std::uintptr_t site, const char* path, mode_t mode) {
  return on_open_at(Symbol::creat64, site, AT_FDCWD, path,
                    O_CREAT | O_WRONLY | O_TRUNC, mode,
                    [&] { return real(path, mode); });
}

// ---- uses ----

template <class Stat, class Real>
int on_fstat_shape(Symbol symbol, Real real, std::uintptr_t site, int fd,
                   Stat* buffer) {
  Event event = call_event(symbol, site);
  event.fd = fd;
  return watch_call(
      event, [&] { return real(fd, buffer); },
      [&](Event& e, int r) {
        if (r == 0) {
          e.file_size = static_cast<std::int64_t>(buffer->st_size);
          e.file_mode = buffer->st_mode;
          e.file_device = buffer->st_dev;
          e.file_inode = buffer->st_ino;
        }
      });
}
template <class Real>
int on_fstat(Real real, std::uintptr_t site, int fd, struct stat* buffer) {
  return on_fstat_shape(Symbol::fstat, real, site, fd, buffer);
}
template <class Real>
int on_fstat64(Real real, std::uintptr_t site, int fd, struct stat64* buffer) {
  return on_fstat_shape(Symbol::fstat64, real, site, fd, buffer);
}

// ---- copies ----

template <class Real>
int on_dup(Real real, std::uintptr_t site, int fd) {
  Event event = call_event(Symbol::dup, site);
  event.fd = fd;
  return watch_call(event, [&] { return real(fd); });
}
template <class Real>
int on_dup2(Real real, std::uintptr_t site, int fd, int target) {
  Event event = call_event(Symbol::dup2, site);
  event.fd = fd;
  event.fd2 = target;
  return release_call(
      event, [&] { return real(fd, target); }, [](Event&, int) {},
      NothingReleased{});
}
template <class Real>
int on_dup3(Real real, std::uintptr_t site, int fd, int target, int flags) {
  Event event = call_event(Symbol::dup3, site);
  event.fd = fd;
  event.fd2 = target;
  event.flags = flags;
  return release_call(
      event, [&] { return real(fd, target, flags); }, [](Event&, int) {},
      NothingReleased{});
}
/// fcntl(F_DUPFD/F_DUPFD_CLOEXEC, lowest); the caller passes other commands
/// straight to libc.
template <class Real>
int on_fcntl_dup(Symbol symbol, std::uintptr_t site, int fd, int command,
                 int lowest, Real&& real) {
  Event event = call_event(symbol, site);
  event.fd = fd;
  event.flags = command;
  event.fd2 = lowest;
  return watch_call(event, std::forward<Real>(real));
}

// ---- descriptors no path names ----

template <class Real>
int on_pipe(Real real, std::uintptr_t site, int* ends) {
  Event event = call_event(Symbol::pipe, site);
  return watch_call(
      event, [&] { return real(ends); },
      [&](Event& e, int r) {
        if (r == 0) {
          e.fd = ends[0];
          e.fd2 = ends[1];
        }
      });
}
template <class Real>
int on_pipe2(Real real, std::uintptr_t site, int* ends, int flags) {
  Event event = call_event(Symbol::pipe2, site);
  event.flags = flags;
  return watch_call(
      event, [&] { return real(ends, flags); },
      [&](Event& e, int r) {
        if (r == 0) {
          e.fd = ends[0];
          e.fd2 = ends[1];
        }
      });
}
template <class Real>
int on_socket(Real real, std::uintptr_t site, int domain, int type,
              int protocol) {
  Event event = call_event(Symbol::socket, site);
  event.flags = type;
  event.mode = static_cast<unsigned>(domain);
  return watch_call(event, [&] { return real(domain, type, protocol); });
}
template <class Real>
int on_socketpair(Real real, std::uintptr_t site, int domain, int type,
                  int protocol, int* ends) {
  Event event = call_event(Symbol::socketpair, site);
  event.flags = type;
  event.mode = static_cast<unsigned>(domain);
  return watch_call(
      event, [&] { return real(domain, type, protocol, ends); },
      [&](Event& e, int r) {
        if (r == 0) {
          e.fd = ends[0];
          e.fd2 = ends[1];
        }
      });
}
template <class Real>
int on_accept(Real real, std::uintptr_t site, int fd, struct sockaddr* address,
              socklen_t* length) {
  Event event = call_event(Symbol::accept, site);
  event.fd = fd;
  return watch_call(event, [&] { return real(fd, address, length); });
}
template <class Real>
int on_accept4(Real real, std::uintptr_t site, int fd, struct sockaddr* address,
               socklen_t* length, int flags) {
  Event event = call_event(Symbol::accept4, site);
  event.fd = fd;
  event.flags = flags;
  return watch_call(event, [&] { return real(fd, address, length, flags); });
}
template <class Real>
int on_eventfd(Real real, std::uintptr_t site, unsigned initial, int flags) {
  Event event = call_event(Symbol::eventfd, site);
  event.flags = flags;
  return watch_call(event, [&] { return real(initial, flags); });
}
template <class Real>
int on_memfd_create(Real real, std::uintptr_t site, const char* name,
                    unsigned flags) {
  Event event = call_event(Symbol::memfd_create, site);
  event.path = name;
  event.flags = static_cast<int>(flags);
  return watch_call(event, [&] { return real(name, flags); });
}
template <class Real>
int on_signalfd(Real real, std::uintptr_t site, int fd, const sigset_t* mask,
                int flags) {
  Event event = call_event(Symbol::signalfd, site);
  event.fd = fd;
  event.flags = flags;
  return watch_call(event, [&] { return real(fd, mask, flags); });
}
template <class Real>
int on_timerfd_create(Real real, std::uintptr_t site, int clock, int flags) {
  Event event = call_event(Symbol::timerfd_create, site);
  event.flags = flags;
  return watch_call(event, [&] { return real(clock, flags); });
}
template <class Real>
int on_epoll_create(Real real, std::uintptr_t site, int size) {
  Event event = call_event(Symbol::epoll_create, site);
  return watch_call(event, [&] { return real(size); });
}
template <class Real>
int on_epoll_create1(Real real, std::uintptr_t site, int flags) {
  Event event = call_event(Symbol::epoll_create1, site);
  event.flags = flags;
  return watch_call(event, [&] { return real(flags); });
}
template <class Real>
int on_inotify_init(Real real, std::uintptr_t site) {
  Event event = call_event(Symbol::inotify_init, site);
  return watch_call(event, [&] { return real(); });
}
template <class Real>
int on_inotify_init1(Real real, std::uintptr_t site, int flags) {
  Event event = call_event(Symbol::inotify_init1, site);
  event.flags = flags;
  return watch_call(event, [&] { return real(flags); });
}

// ---- releases ----

template <class Real>
int on_close(Real real, std::uintptr_t site, int fd) {
  Event event = call_event(Symbol::close, site);
  event.fd = fd;
  return release_call(
      event, [&] { return real(fd); }, [](Event&, int) {},
      [&] { return real(fd); });
}
template <class Real>
int on_close_range(Real real, std::uintptr_t site, unsigned first,
                   unsigned last, int flags) {
  Event event = call_event(Symbol::close_range, site);
  event.fd = static_cast<int>(first);
  event.fd2 = static_cast<int>(last);
  event.flags = flags;
  return release_call(
      event, [&] { return real(first, last, flags); }, [](Event&, int) {},
      NothingReleased{});
}
template <class Real>
void on_closefrom(Real real, std::uintptr_t site, int first) {
  Event event = call_event(Symbol::closefrom, site);
  event.fd = first;
  // closefrom cannot fail, so it is never failed by injection either.
  const ReentryGuard guard;
  if (!guard.outermost() || !watching(site)) {
    real(first);
    return;
  }
  const Ledger::Release release = begin_release(event);
  real(first);
  end_release(event, release);
}

// ---- streams ----

/// fopen's mode string as open(2) flags: the access mode ('r', 'w', 'a',
/// '+'), O_CREAT/O_TRUNC/O_APPEND as fopen(3) documents them, and glibc's
/// 'e' (O_CLOEXEC) and 'x' (O_EXCL). An unknown letter is ignored, as glibc
/// ignores it. Pure.
constexpr int fopen_flags(const char* mode) noexcept {
  if (mode == nullptr || *mode == '\0') {
    return 0;
  }
  int flags = 0;
  switch (*mode) {
    case 'w':
      flags = O_WRONLY | O_CREAT | O_TRUNC;
      break;
    case 'a':
      flags = O_WRONLY | O_CREAT | O_APPEND;
      break;
    default:
      flags = O_RDONLY;
      break;
  }
  for (const char* c = mode + 1; *c != '\0' && *c != ','; ++c) {
    if (*c == '+') {
      flags = (flags & ~O_ACCMODE) | O_RDWR;
    } else if (*c == 'e') {
      flags |= O_CLOEXEC;
    } else if (*c == 'x') {
      flags |= O_EXCL;
    }
  }
  return flags;
}

template <class Real>
FILE* on_fopen_shape(Symbol symbol, std::uintptr_t site, const char* path,
                     const char* mode, Real&& real) {
  Event event = call_event(symbol, site);
  event.path = path;
  event.flags = fopen_flags(mode);
  return watch_call(event, std::forward<Real>(real),
                    [](Event& e, FILE* stream) {
                      if (stream != nullptr) {
                        e.stream = reinterpret_cast<std::uintptr_t>(stream);
                        // SAFETY: a stream fopen just returned.
                        e.result = ::fileno(stream);
                      }
                    });
}
template <class Real>
FILE* on_fopen(Real real, std::uintptr_t site, const char* path,
               const char* mode) {
  return on_fopen_shape(Symbol::fopen, site, path, mode,
                        [&] { return real(path, mode); });
}
template <class Real>
FILE* on_fopen64(Real real, std::uintptr_t site, const char* path,
                 const char* mode) {
  return on_fopen_shape(Symbol::fopen64, site, path, mode,
                        [&] { return real(path, mode); });
}
/// The descriptor a live stream owns, or -1.
inline int stream_descriptor(FILE* stream) noexcept {
  // SAFETY: fileno only reads the stream the caller passed; a null stream
  // is not dereferenced.
  return stream == nullptr ? -1 : ::fileno(stream);
}
template <class Real>
FILE* on_freopen_shape(Symbol symbol, std::uintptr_t site, const char* path,
                       const char* mode, FILE* stream, Real&& real) {
  Event event = call_event(symbol, site);
  event.path = path;
  event.flags = fopen_flags(mode);
  event.stream = reinterpret_cast<std::uintptr_t>(stream);
  event.fd = stream_descriptor(stream);
  // freopen closes the stream's descriptor whether or not the new open
  // works; an injected failure does the same: the stream is closed and the
  // caller gets NULL.
  return release_call(
      event, std::forward<Real>(real),
      [](Event& e, FILE* reopened) {
        if (reopened != nullptr) {
          e.result = stream_descriptor(reopened);
        }
      },
      [&] {
        // SAFETY: the caller's stream, closed once, as freopen would.
        return ::fclose(stream);
      });
}
template <class Real>
FILE* on_freopen(Real real, std::uintptr_t site, const char* path,
                 const char* mode, FILE* stream) {
  return on_freopen_shape(Symbol::freopen, site, path, mode, stream,
                          [&] { return real(path, mode, stream); });
}
template <class Real>
FILE* on_freopen64(Real real, std::uintptr_t site, const char* path,
                   const char* mode, FILE* stream) {
  return on_freopen_shape(Symbol::freopen64, site, path, mode, stream,
                          [&] { return real(path, mode, stream); });
}
template <class Real>
FILE* on_fdopen(Real real, std::uintptr_t site, int fd, const char* mode) {
  Event event = call_event(Symbol::fdopen, site);
  event.fd = fd;
  event.flags = fopen_flags(mode);
  return watch_call(
      event, [&] { return real(fd, mode); },
      [](Event& e, FILE* stream) {
        if (stream != nullptr) {
          e.stream = reinterpret_cast<std::uintptr_t>(stream);
          e.result = e.fd;
        }
      });
}
template <class Real>
int on_fclose(Real real, std::uintptr_t site, FILE* stream) {
  Event event = call_event(Symbol::fclose, site);
  event.stream = reinterpret_cast<std::uintptr_t>(stream);
  event.fd = stream_descriptor(stream);
  return release_call(
      event, [&] { return real(stream); },
      [](Event& e, int r) {
        if (r != 0) {
          e.result = -1;
        }
      },
      [&] { return real(stream); });
}
template <class Real>
int on_fcloseall(Real real, std::uintptr_t site) {
  Event event = call_event(Symbol::fcloseall, site);
  return release_call(
      event, [&] { return real(); },
      [](Event& e, int r) {
        if (r != 0) {
          e.result = -1;
        }
      },
      [&] { return real(); });
}
template <class Real>
DIR* on_opendir(Real real, std::uintptr_t site, const char* path) {
  Event event = call_event(Symbol::opendir, site);
  event.path = path;
  return watch_call(
      event, [&] { return real(path); },
      [](Event& e, DIR* directory) {
        if (directory != nullptr) {
          e.stream = reinterpret_cast<std::uintptr_t>(directory);
          // SAFETY: a directory stream opendir just returned.
          e.result = ::dirfd(directory);
        }
      });
}
template <class Real>
DIR* on_fdopendir(Real real, std::uintptr_t site, int fd) {
  Event event = call_event(Symbol::fdopendir, site);
  event.fd = fd;
  return watch_call(
      event, [&] { return real(fd); },
      [](Event& e, DIR* directory) {
        if (directory != nullptr) {
          e.stream = reinterpret_cast<std::uintptr_t>(directory);
          e.result = e.fd;
        }
      });
}
template <class Real>
int on_closedir(Real real, std::uintptr_t site, DIR* directory) {
  Event event = call_event(Symbol::closedir, site);
  event.stream = reinterpret_cast<std::uintptr_t>(directory);
  // SAFETY: dirfd only reads the stream the caller passed.
  event.fd = directory == nullptr ? -1 : ::dirfd(directory);
  return release_call(
      event, [&] { return real(directory); }, [](Event&, int) {},
      [&] { return real(directory); });
}

// ---- mappings: the lock is held across the real call ----

template <class Off, class Real>
void* on_mmap_shape(Symbol symbol, Real real, std::uintptr_t site,
                    void* address, std::size_t length, int prot, int flags,
                    int fd, Off offset) {
  const ReentryGuard guard;
  if (!guard.outermost() || !watching(site)) {
    return real(address, length, prot, flags, fd, offset);
  }
  Event event = call_event(symbol, site);
  event.address = reinterpret_cast<std::uintptr_t>(address);
  event.length = length;
  event.prot = prot;
  event.map_flags = flags;
  event.fd = fd;
  event.offset = static_cast<std::int64_t>(offset);
  const int error = decide(event.function);
  const Locked lock;
  if (!armed()) {
    return real(address, length, prot, flags, fd, offset);
  }
  State& state = lock.state();
  if (error != 0) {
    event.result = -1;
    event.error = error;
    event.injected = true;
    record_locked(state, event);
    errno = error;
    return MAP_FAILED;
  }
  if ((flags & MAP_FIXED_NOREPLACE) != 0) {
    // A quarantined reservation is the checker's, not the program's: it must
    // not make this mapping fail with EEXIST.
    lift_quarantine(state, event.address, length);
  }
  void* mapped = real(address, length, prot, flags, fd, offset);
  const int saved = errno;
  event.result = result_of(mapped);
  event.error = mapped == MAP_FAILED ? saved : 0;
  record_locked(state, event);
  errno = saved;
  return mapped;
}
template <class Real>
void* on_mmap(Real real, std::uintptr_t site, void* address, std::size_t length,
              int prot, int flags, int fd, off_t offset) {
  return on_mmap_shape(Symbol::mmap, real, site, address, length, prot, flags,
                       fd, offset);
}
template <class Real>
void* on_mmap64(Real real, std::uintptr_t site, void* address,
                std::size_t length, int prot, int flags, int fd,
                off64_t offset) {
  return on_mmap_shape(Symbol::mmap64, real, site, address, length, prot, flags,
                       fd, offset);
}

template <class Real>
int on_munmap(Real real, std::uintptr_t site, void* address,
              std::size_t length) {
  const ReentryGuard guard;
  if (!guard.outermost() || !watching(site)) {
    return real(address, length);
  }
  Event event = call_event(Symbol::munmap, site);
  event.address = reinterpret_cast<std::uintptr_t>(address);
  event.length = length;
  const int error = decide(event.function);
  const Locked lock;
  if (!armed()) {
    return real(address, length);
  }
  State& state = lock.state();
  if (error != 0) {
    // The mapping stays, as after a real failure; the ledger still counts it
    // released because the program did try, and the checker unmaps it later.
    event.result = -1;
    event.error = error;
    event.injected = true;
    record_locked(state, event);
    park_abandoned(state, event.address, length);
    errno = error;
    return -1;
  }
  const bool held = state.ledger.holds_any(event.address, length);
  if (!held) {
    if (length != 0 && within_quarantine(state, event.address, length)) {
      // Already released and parked: to the program the range is unmapped,
      // and munmap of unmapped pages succeeds.
      event.range_was_mapped = false;
      event.result = 0;
      record_locked(state, event);
      return 0;
    }
    event.range_was_mapped =
        length == 0 || any_page_mapped(event.address, length);
  }
  if (held && state.options.quarantine &&
      quarantine(state, event.address, length)) {
    event.result = 0;
    event.quarantined = true;
    record_locked(state, event);
    return 0;
  }
  const int result = real(address, length);
  const int saved = errno;
  event.result = result;
  event.error = result < 0 ? saved : 0;
  record_locked(state, event);
  errno = saved;
  return result;
}

template <class Real>
void* on_mremap(Real&& real, std::uintptr_t site, void* address,
                std::size_t length, std::size_t new_length, int flags,
                void* new_address) {
  const ReentryGuard guard;
  if (!guard.outermost() || !watching(site)) {
    return real();
  }
  Event event = call_event(Symbol::mremap, site);
  event.address = reinterpret_cast<std::uintptr_t>(address);
  event.length = length;
  event.new_length = new_length;
  event.map_flags = flags;
  event.new_address = reinterpret_cast<std::uintptr_t>(new_address);
  const int error = decide(event.function);
  const Locked lock;
  if (!armed()) {
    return real();
  }
  State& state = lock.state();
  if (error != 0) {
    event.result = -1;
    event.error = error;
    event.injected = true;
    record_locked(state, event);
    errno = error;
    return MAP_FAILED;
  }
  if ((flags & MREMAP_FIXED) != 0) {
    lift_quarantine(state, event.new_address, new_length);
  }
  void* moved = real();
  const int saved = errno;
  event.result = result_of(moved);
  event.error = moved == MAP_FAILED ? saved : 0;
  record_locked(state, event);
  errno = saved;
  return moved;
}

}  // namespace ffikit::check::detail
