// The black-box way in: the checker's core as an LD_PRELOAD library.
//
// Configured only through the environment, read in a constructor (the g++
// ASan runtime calls mmap before environ exists, so nothing is decided
// earlier and nothing is counted until then):
//   FFIKIT_CHECK_REPORT      file the report is appended to at exit; the
//                            library stays inert without it
//   FFIKIT_CHECK_PROGRAM     arm only in the process running this executable
//                            (skips shells and launchers such as valgrind's)
//   FFIKIT_CHECK_FAULT       FUNCTION:N:ERRNO[:transient|persistent]
//   FFIKIT_CHECK_NESTING     strict (default) or relaxed
//   FFIKIT_CHECK_QUARANTINE  1 to leave released mappings PROT_NONE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdarg>
#include <cstring>
#include <string>
#include <string_view>

#include "ffikit/check/fault.hpp"
#include "ffikit/check/report.hpp"
#include "intercept.hpp"

#define FFIKIT_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

using namespace ffikit::check;

// Resolves the next definition of NAME (libc's, or a sanitizer's) once.
template <class F>
F next_symbol(std::atomic<F>& slot, const char* name) {
  F found = slot.load(std::memory_order_acquire);
  if (found == nullptr) {
    // SAFETY: RTLD_NEXT skips this library; the symbol names are libc's and
    // their types are declared to match.
    found = reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
    slot.store(found, std::memory_order_release);
  }
  return found;
}

// An interposer's state has to be global: the C entry points below are
// called by the program with no object to hang it on. Each slot is atomic
// or thread-local, so the mutation is safe from any thread.
// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables)
std::atomic<int (*)(const char*, int, ...)> next_open{nullptr};
std::atomic<int (*)(const char*, int, ...)> next_open64{nullptr};
std::atomic<int (*)(int, const char*, int, ...)> next_openat{nullptr};
std::atomic<int (*)(int, const char*, int, ...)> next_openat64{nullptr};
std::atomic<int (*)(const char*, int)> next_open_2{nullptr};
std::atomic<int (*)(const char*, int)> next_open64_2{nullptr};
std::atomic<int (*)(int, struct stat*)> next_fstat{nullptr};
std::atomic<int (*)(int, struct stat64*)> next_fstat64{nullptr};
std::atomic<void* (*)(void*, std::size_t, int, int, int, off_t)> next_mmap{
    nullptr};
std::atomic<void* (*)(void*, std::size_t, int, int, int, off64_t)> next_mmap64{
    nullptr};
std::atomic<int (*)(void*, std::size_t)> next_munmap{nullptr};
std::atomic<int (*)(int)> next_close{nullptr};
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)

// Raw system calls for the moments when dlsym itself is what is calling
// (it may map memory while it resolves).
void* raw_mmap(void* address, std::size_t length, int prot, int flags, int fd,
               off_t offset) {
  // SAFETY: the caller's own arguments, passed to the kernel unchanged.
  const long result =
      ::syscall(SYS_mmap, address, length, prot, flags, fd, offset);
  return reinterpret_cast<void*>(result);  // NOLINT(performance-no-int-to-ptr)
}

int raw_munmap(void* address, std::size_t length) {
  // SAFETY: the caller's own arguments, passed to the kernel unchanged.
  return static_cast<int>(::syscall(SYS_munmap, address, length));
}

int raw_close(int fd) {
  // SAFETY: the caller's own argument, passed to the kernel unchanged.
  return static_cast<int>(::syscall(SYS_close, fd));
}

// Set while this thread is inside dlsym (see resolve()).
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
thread_local bool resolving = false;

template <class F>
F resolve(std::atomic<F>& slot, const char* name) {
  if (F ready = slot.load(std::memory_order_acquire)) {
    return ready;
  }
  if (resolving) {
    return nullptr;
  }
  resolving = true;
  F found = next_symbol(slot, name);
  resolving = false;
  return found;
}

void* call_mmap(void* address, std::size_t length, int prot, int flags, int fd,
                off_t offset) {
  auto* real = resolve(next_mmap, "mmap");
  return real != nullptr ? real(address, length, prot, flags, fd, offset)
                         : raw_mmap(address, length, prot, flags, fd, offset);
}

int call_munmap(void* address, std::size_t length) {
  auto* real = resolve(next_munmap, "munmap");
  return real != nullptr ? real(address, length) : raw_munmap(address, length);
}

int call_close(int fd) {
  auto* real = resolve(next_close, "close");
  return real != nullptr ? real(fd) : raw_close(fd);
}

std::string this_executable() {
  std::array<char, PATH_MAX> buffer{};
  // SAFETY: realpath writes at most PATH_MAX bytes into buffer.
  if (::realpath("/proc/self/exe", buffer.data()) == nullptr) {
    return {};
  }
  return buffer.data();
}

std::string wanted_executable(const char* program) {
  std::array<char, PATH_MAX> buffer{};
  // SAFETY: as above; program is a NUL-terminated environment string.
  if (::realpath(program, buffer.data()) == nullptr) {
    return program;
  }
  return buffer.data();
}

// Set by the constructor when this process is watched; read by the
// destructor. Written once, before main, so no other thread races it.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
const char* report_path = nullptr;

__attribute__((constructor)) void start_watch() {
  // SAFETY: getenv is called from the constructor, after environ exists.
  const char* report = ::getenv("FFIKIT_CHECK_REPORT");
  if (report == nullptr || *report == '\0') {
    return;
  }
  if (const char* program = ::getenv("FFIKIT_CHECK_PROGRAM")) {
    if (this_executable() != wanted_executable(program)) {
      return;
    }
  }
  Options options;
  if (const char* fault = ::getenv("FFIKIT_CHECK_FAULT")) {
    options.fault = parse_fault(fault);
  }
  if (const char* nesting = ::getenv("FFIKIT_CHECK_NESTING")) {
    options.nesting = std::string_view(nesting) == "relaxed" ? Nesting::relaxed
                                                             : Nesting::strict;
  }
  if (const char* quarantine = ::getenv("FFIKIT_CHECK_QUARANTINE")) {
    options.quarantine = std::string_view(quarantine) == "1";
  }
  report_path = report;
  detail::set_quarantine_limit(256);
  detail::arm(options);
}

__attribute__((destructor)) void finish_watch() {
  if (report_path == nullptr || !detail::armed()) {
    return;
  }
  detail::disarm();
  const std::string text = serialize(detail::snapshot());
  // SAFETY: report_path is the NUL-terminated environment string; raw
  // system calls, because the program's own interposers may be gone.
  const long fd = ::syscall(SYS_openat, AT_FDCWD, report_path,
                            O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return;
  }
  std::size_t written = 0;
  while (written < text.size()) {
    // SAFETY: writes from inside text's buffer, within its size.
    const long n =
        ::syscall(SYS_write, fd, text.data() + written, text.size() - written);
    if (n <= 0) {
      break;
    }
    written += static_cast<std::size_t>(n);
  }
  raw_close(static_cast<int>(fd));
}

unsigned mode_argument(std::va_list arguments) {
  // SAFETY: only called when open_takes_mode(flags) held, so the caller
  // passed a mode (promoted to unsigned int) as the next argument.
  return va_arg(arguments, unsigned);
}

}  // namespace

namespace ffikit::check::detail {

const RealCalls& real_calls() noexcept {
  static constexpr RealCalls calls{call_close, call_mmap, call_munmap};
  return calls;
}

}  // namespace ffikit::check::detail

extern "C" int __open_2(const char* path, int flags);
extern "C" int __open64_2(const char* path, int flags);

FFIKIT_EXPORT int open(const char* path, int flags, ...) {
  unsigned mode = 0;
  if (detail::open_takes_mode(flags)) {
    std::va_list arguments;
    va_start(arguments, flags);
    mode = mode_argument(arguments);
    va_end(arguments);
  }
  return detail::intercept_open("open", AT_FDCWD, path, flags, mode, [&] {
    auto* real = resolve(next_open, "open");
    // SAFETY: the caller's own arguments, forwarded unchanged.
    return real != nullptr ? real(path, flags, mode)
                           : static_cast<int>(::syscall(SYS_openat, AT_FDCWD,
                                                        path, flags, mode));
  });
}

FFIKIT_EXPORT int open64(const char* path, int flags, ...) {
  unsigned mode = 0;
  if (detail::open_takes_mode(flags)) {
    std::va_list arguments;
    va_start(arguments, flags);
    mode = mode_argument(arguments);
    va_end(arguments);
  }
  return detail::intercept_open("open64", AT_FDCWD, path, flags, mode, [&] {
    auto* real = resolve(next_open64, "open64");
    // SAFETY: the caller's own arguments, forwarded unchanged.
    return real != nullptr ? real(path, flags, mode)
                           : static_cast<int>(::syscall(SYS_openat, AT_FDCWD,
                                                        path, flags, mode));
  });
}

FFIKIT_EXPORT int openat(int dirfd, const char* path, int flags, ...) {
  unsigned mode = 0;
  if (detail::open_takes_mode(flags)) {
    std::va_list arguments;
    va_start(arguments, flags);
    mode = mode_argument(arguments);
    va_end(arguments);
  }
  return detail::intercept_open("openat", dirfd, path, flags, mode, [&] {
    auto* real = resolve(next_openat, "openat");
    // SAFETY: the caller's own arguments, forwarded unchanged.
    return real != nullptr ? real(dirfd, path, flags, mode)
                           : static_cast<int>(::syscall(SYS_openat, dirfd, path,
                                                        flags, mode));
  });
}

FFIKIT_EXPORT int openat64(int dirfd, const char* path, int flags, ...) {
  unsigned mode = 0;
  if (detail::open_takes_mode(flags)) {
    std::va_list arguments;
    va_start(arguments, flags);
    mode = mode_argument(arguments);
    va_end(arguments);
  }
  return detail::intercept_open("openat64", dirfd, path, flags, mode, [&] {
    auto* real = resolve(next_openat64, "openat64");
    // SAFETY: the caller's own arguments, forwarded unchanged.
    return real != nullptr ? real(dirfd, path, flags, mode)
                           : static_cast<int>(::syscall(SYS_openat, dirfd, path,
                                                        flags, mode));
  });
}

FFIKIT_EXPORT int __open_2(const char* path, int flags) {
  return detail::intercept_open("__open_2", AT_FDCWD, path, flags, 0U, [&] {
    auto* real = resolve(next_open_2, "__open_2");
    // SAFETY: the caller's own arguments, forwarded unchanged.
    return real != nullptr
               ? real(path, flags)
               : static_cast<int>(::syscall(SYS_openat, AT_FDCWD, path, flags));
  });
}

FFIKIT_EXPORT int __open64_2(const char* path, int flags) {
  return detail::intercept_open("__open64_2", AT_FDCWD, path, flags, 0U, [&] {
    auto* real = resolve(next_open64_2, "__open64_2");
    // SAFETY: the caller's own arguments, forwarded unchanged.
    return real != nullptr
               ? real(path, flags)
               : static_cast<int>(::syscall(SYS_openat, AT_FDCWD, path, flags));
  });
}

FFIKIT_EXPORT int fstat(int fd, struct stat* buffer) noexcept {
  return detail::intercept_fstat("fstat", fd, buffer, [&] {
    auto* real = resolve(next_fstat, "fstat");
    // SAFETY: the caller's own arguments, forwarded unchanged.
    return real != nullptr ? real(fd, buffer)
                           : static_cast<int>(::syscall(SYS_fstat, fd, buffer));
  });
}

FFIKIT_EXPORT int fstat64(int fd, struct stat64* buffer) noexcept {
  return detail::intercept_fstat("fstat64", fd, buffer, [&] {
    auto* real = resolve(next_fstat64, "fstat64");
    // SAFETY: the caller's own arguments, forwarded unchanged.
    return real != nullptr ? real(fd, buffer)
                           : static_cast<int>(::syscall(SYS_fstat, fd, buffer));
  });
}

FFIKIT_EXPORT void* mmap(void* address, std::size_t length, int prot, int flags,
                         int fd, off_t offset) noexcept {
  return detail::intercept_mmap(
      "mmap", address, length, prot, flags, fd, offset, [&] {
        // SAFETY: the caller's own arguments, forwarded unchanged.
        return call_mmap(address, length, prot, flags, fd, offset);
      });
}

FFIKIT_EXPORT void* mmap64(void* address, std::size_t length, int prot,
                           int flags, int fd, off64_t offset) noexcept {
  return detail::intercept_mmap(
      "mmap64", address, length, prot, flags, fd, offset, [&] {
        auto* real = resolve(next_mmap64, "mmap64");
        // SAFETY: the caller's own arguments, forwarded unchanged.
        return real != nullptr
                   ? real(address, length, prot, flags, fd, offset)
                   : raw_mmap(address, length, prot, flags, fd, offset);
      });
}

FFIKIT_EXPORT int munmap(void* address, std::size_t length) noexcept {
  return detail::intercept_munmap(address, length, [&] {
    // SAFETY: the caller's own arguments, forwarded unchanged.
    return call_munmap(address, length);
  });
}

FFIKIT_EXPORT int close(int fd) {
  return detail::intercept_close(fd, [&] {
    // SAFETY: the caller's own argument, forwarded unchanged.
    return call_close(fd);
  });
}
