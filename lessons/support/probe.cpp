// The wrapped C functions behind ffikit::lessons::Probe. The linker sends the
// code under test's calls to __wrap_NAME; __real_NAME is the libc function.
#include "ffikit/lessons/probe.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <optional>
#include <sstream>

extern "C" {
int __real_open(const char* path, int flags, ...);
int __real_open64(const char* path, int flags, ...);
int __real___open_2(const char* path, int flags);
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
int __wrap___open_2(const char* path, int flags);
int __wrap_fstat(int fd, struct stat* buffer);
int __wrap_fstat64(int fd, struct stat64* buffer);
void* __wrap_mmap(void* address, std::size_t length, int prot, int flags,
                  int fd, off_t offset);
void* __wrap_mmap64(void* address, std::size_t length, int prot, int flags,
                    int fd, off64_t offset);
int __wrap_munmap(void* address, std::size_t length);
int __wrap_close(int fd);
}

namespace ffikit::lessons {
namespace {

struct Mapping {
  void* address;
  std::size_t length;
  int fd;
};

struct State {
  std::optional<Fault> fault;
  int counted = 0;
  bool fired = false;
  std::vector<ProbeCall> calls;
  std::vector<std::string> violations;
  std::vector<std::pair<int, std::string>> open_fds;
  std::vector<Mapping> mappings;
};

State* armed = nullptr;

// Decides whether this call of @p function is the one to break.
std::optional<int> should_fail(State& state, const char* function) {
  if (!state.fault) {
    return std::nullopt;
  }
  const Fault& fault = *state.fault;
  if (fault.function != "any" && fault.function != function) {
    return std::nullopt;
  }
  ++state.counted;
  if (state.counted == fault.nth ||
      (fault.persistent && state.counted > fault.nth)) {
    state.fired = true;
    return fault.error;
  }
  return std::nullopt;
}

bool is_open(const State& state, int fd) {
  for (const auto& [held, path] : state.open_fds) {
    if (held == fd) {
      return true;
    }
  }
  return false;
}

std::string hex(const void* address) {
  std::ostringstream out;
  out << address;
  return out.str();
}

int open_common(const char* path, int flags, mode_t mode, bool has_mode,
                int (*real)(const char*, int, ...)) {
  if (armed == nullptr) {
    return has_mode ? real(path, flags, mode) : real(path, flags);
  }
  State& state = *armed;
  ProbeCall call{"open", path == nullptr ? "" : path, -1, nullptr, 0, 0, 0,
                 false};
  if (const std::optional<int> error = should_fail(state, "open")) {
    call.result = -1;
    call.error = *error;
    call.injected = true;
    state.calls.push_back(call);
    errno = *error;
    return -1;
  }
  const int fd = has_mode ? real(path, flags, mode) : real(path, flags);
  const int saved = errno;
  call.fd = fd;
  call.result = fd;
  call.error = fd < 0 ? saved : 0;
  state.calls.push_back(call);
  if (fd >= 0) {
    state.open_fds.emplace_back(fd, call.path);
  }
  errno = saved;
  return fd;
}

template <class Buffer>
int fstat_common(int fd, Buffer* buffer, int (*real)(int, Buffer*)) {
  if (armed == nullptr) {
    return real(fd, buffer);
  }
  State& state = *armed;
  ProbeCall call{"fstat", "", fd, nullptr, 0, 0, 0, false};
  if (!is_open(state, fd)) {
    state.violations.push_back("fstat(" + std::to_string(fd) +
                               ") on a descriptor that is not open");
  }
  if (const std::optional<int> error = should_fail(state, "fstat")) {
    call.result = -1;
    call.error = *error;
    call.injected = true;
    state.calls.push_back(call);
    errno = *error;
    return -1;
  }
  const int result = real(fd, buffer);
  const int saved = errno;
  call.result = result;
  call.error = result < 0 ? saved : 0;
  state.calls.push_back(call);
  errno = saved;
  return result;
}

template <class Offset>
void* mmap_common(void* address, std::size_t length, int prot, int flags,
                  int fd, Offset offset,
                  void* (*real)(void*, std::size_t, int, int, int, Offset)) {
  if (armed == nullptr) {
    return real(address, length, prot, flags, fd, offset);
  }
  State& state = *armed;
  ProbeCall call{"mmap", "", fd, nullptr, length, 0, 0, false};
  const bool anonymous = (flags & MAP_ANONYMOUS) != 0;
  if (!anonymous && !is_open(state, fd)) {
    state.violations.push_back("mmap on descriptor " + std::to_string(fd) +
                               ", which is not open");
  }
  if (const std::optional<int> error = should_fail(state, "mmap")) {
    call.result = -1;
    call.error = *error;
    call.injected = true;
    state.calls.push_back(call);
    errno = *error;
    return MAP_FAILED;
  }
  void* result = real(address, length, prot, flags, fd, offset);
  const int saved = errno;
  call.address = result;
  call.result = result == MAP_FAILED ? -1 : 0;
  call.error = result == MAP_FAILED ? saved : 0;
  state.calls.push_back(call);
  if (result != MAP_FAILED) {
    state.mappings.push_back({result, length, anonymous ? -1 : fd});
  }
  errno = saved;
  return result;
}

}  // namespace

Probe::Probe() : Probe(Fault{}) {}

Probe::Probe(Fault fault) {
  auto* state = new State;
  if (!fault.function.empty()) {
    state->fault = std::move(fault);
  }
  armed = state;
}

Probe::~Probe() {
  delete armed;
  armed = nullptr;
}

const std::vector<ProbeCall>& Probe::calls() const noexcept {
  return armed->calls;
}

std::vector<std::string> Probe::functions() const {
  std::vector<std::string> names;
  for (const ProbeCall& call : armed->calls) {
    names.push_back(call.function);
  }
  return names;
}

int Probe::count(std::string_view function) const {
  int total = 0;
  for (const ProbeCall& call : armed->calls) {
    total += call.function == function ? 1 : 0;
  }
  return total;
}

bool Probe::fault_fired() const noexcept { return armed->fired; }

const std::vector<std::string>& Probe::violations() const noexcept {
  return armed->violations;
}

std::vector<std::string> Probe::held() const {
  std::vector<std::string> lines;
  for (const auto& [fd, path] : armed->open_fds) {
    lines.push_back("descriptor " + std::to_string(fd) + " from open(" + path +
                    ") was never closed");
  }
  for (const Mapping& mapping : armed->mappings) {
    lines.push_back("mapping at " + hex(mapping.address) + " (" +
                    std::to_string(mapping.length) + " bytes, descriptor " +
                    std::to_string(mapping.fd) + ") was never unmapped");
  }
  return lines;
}

std::string Probe::trace() const {
  std::ostringstream out;
  for (const ProbeCall& call : armed->calls) {
    out << "  " << call.function << '(';
    if (call.function == "open") {
      out << call.path;
    } else if (call.function == "munmap") {
      out << call.address << ", " << call.length;
    } else if (call.function == "mmap") {
      out << "fd " << call.fd << ", " << call.length;
    } else {
      out << call.fd;
    }
    out << ") = " << call.result;
    if (call.error != 0) {
      out << " errno " << call.error << (call.injected ? " (injected)" : "");
    }
    out << '\n';
  }
  return out.str();
}

}  // namespace ffikit::lessons

using ffikit::lessons::armed;
using ffikit::lessons::ProbeCall;

extern "C" {

int __wrap_open(const char* path, int flags, ...) {
  mode_t mode = 0;
  const bool has_mode = (flags & (O_CREAT | O_TMPFILE)) != 0;
  if (has_mode) {
    va_list args;
    va_start(args, flags);
    mode = static_cast<mode_t>(va_arg(args, unsigned int));
    va_end(args);
  }
  return ffikit::lessons::open_common(path, flags, mode, has_mode, __real_open);
}

int __wrap_open64(const char* path, int flags, ...) {
  mode_t mode = 0;
  const bool has_mode = (flags & (O_CREAT | O_TMPFILE)) != 0;
  if (has_mode) {
    va_list args;
    va_start(args, flags);
    mode = static_cast<mode_t>(va_arg(args, unsigned int));
    va_end(args);
  }
  return ffikit::lessons::open_common(path, flags, mode, has_mode,
                                      __real_open64);
}

int __wrap___open_2(const char* path, int flags) {
  return ffikit::lessons::open_common(path, flags, 0, false, __real_open);
}

int __wrap_fstat(int fd, struct stat* buffer) {
  return ffikit::lessons::fstat_common(fd, buffer, __real_fstat);
}

int __wrap_fstat64(int fd, struct stat64* buffer) {
  return ffikit::lessons::fstat_common(fd, buffer, __real_fstat64);
}

void* __wrap_mmap(void* address, std::size_t length, int prot, int flags,
                  int fd, off_t offset) {
  return ffikit::lessons::mmap_common(address, length, prot, flags, fd, offset,
                                      __real_mmap);
}

void* __wrap_mmap64(void* address, std::size_t length, int prot, int flags,
                    int fd, off64_t offset) {
  return ffikit::lessons::mmap_common(address, length, prot, flags, fd, offset,
                                      __real_mmap64);
}

int __wrap_munmap(void* address, std::size_t length) {
  if (armed == nullptr) {
    // SAFETY: pass-through of the caller's own request while disarmed.
    return __real_munmap(address, length);
  }
  auto& state = *armed;
  ProbeCall call{"munmap", "", -1, address, length, 0, 0, false};
  bool matched = false;
  for (auto it = state.mappings.begin(); it != state.mappings.end(); ++it) {
    if (it->address == address && it->length == length) {
      state.mappings.erase(it);
      matched = true;
      break;
    }
  }
  if (!matched) {
    state.violations.push_back(
        "munmap(" + ffikit::lessons::hex(address) + ", " +
        std::to_string(length) +
        ") matches no mapping exactly (never mapped, already unmapped, or "
        "the wrong length)");
  }
  const std::optional<int> error = ffikit::lessons::should_fail(state, "munmap");
  // SAFETY: the caller asked for this range to go; an injected failure still
  // releases it (see Probe) so the test process stays clean.
  const int result = __real_munmap(address, length);
  const int saved = errno;
  call.result = error ? -1 : result;
  call.error = error ? *error : (result < 0 ? saved : 0);
  call.injected = error.has_value();
  state.calls.push_back(call);
  errno = call.error != 0 ? call.error : saved;
  return static_cast<int>(call.result);
}

int __wrap_close(int fd) {
  if (armed == nullptr) {
    // SAFETY: pass-through of the caller's own request while disarmed.
    return __real_close(fd);
  }
  auto& state = *armed;
  ProbeCall call{"close", "", fd, nullptr, 0, 0, 0, false};
  bool was_open = false;
  for (auto it = state.open_fds.begin(); it != state.open_fds.end(); ++it) {
    if (it->first == fd) {
      state.open_fds.erase(it);
      was_open = true;
      break;
    }
  }
  if (!was_open) {
    state.violations.push_back("close(" + std::to_string(fd) +
                               ") of a descriptor that is not open (never "
                               "opened here, or closed already)");
  }
  for (const auto& mapping : state.mappings) {
    if (mapping.fd == fd) {
      state.violations.push_back(
          "close(" + std::to_string(fd) + ") while the mapping at " +
          ffikit::lessons::hex(mapping.address) +
          " made from it is still mapped: unmap first, then close");
    }
  }
  const std::optional<int> error = ffikit::lessons::should_fail(state, "close");
  // SAFETY: the descriptor is released exactly once here; an injected close
  // failure still releases it, as Linux does after EINTR or EIO. A close of a
  // descriptor this run never opened is not passed on: it could belong to
  // someone else, which is the very bug being reported.
  const int result = was_open ? __real_close(fd) : -1;
  const int saved = was_open ? errno : EBADF;
  call.result = error ? -1 : result;
  call.error = error ? *error : (result < 0 ? saved : 0);
  call.injected = error.has_value();
  state.calls.push_back(call);
  errno = call.error != 0 ? call.error : saved;
  return static_cast<int>(call.result);
}

}  // extern "C"
