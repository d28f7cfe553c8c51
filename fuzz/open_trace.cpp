#include "open_trace.hpp"

#include <fcntl.h>

#include <cstdarg>
#include <string>
#include <utility>
#include <vector>

namespace {

bool armed = false;
std::vector<std::string> opened;

void record(const char* path) {
  if (armed) {
    opened.emplace_back(path);
  }
}

// open's third argument exists only when the flags ask for a mode.
bool takes_mode(int flags) {
  return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
}

}  // namespace

namespace ffikit::fuzz {

void arm_open_trace() {
  opened.clear();
  armed = true;
}

std::vector<std::string> disarm_open_trace() {
  armed = false;
  return std::exchange(opened, {});
}

}  // namespace ffikit::fuzz

// The linker sends the wrapped objects' calls to __wrap_X and makes
// __real_X the libc function. Declared first for -Wmissing-declarations.
extern "C" {
int __real_open(const char* path, int flags, ...);
int __real_open64(const char* path, int flags, ...);
int __real_openat(int dirfd, const char* path, int flags, ...);
int __real_openat64(int dirfd, const char* path, int flags, ...);
int __real___open_2(const char* path, int flags);
int __real___open64_2(const char* path, int flags);
int __wrap_open(const char* path, int flags, ...);
int __wrap_open64(const char* path, int flags, ...);
int __wrap_openat(int dirfd, const char* path, int flags, ...);
int __wrap_openat64(int dirfd, const char* path, int flags, ...);
int __wrap___open_2(const char* path, int flags);
int __wrap___open64_2(const char* path, int flags);
}

namespace {

mode_t mode_argument(int flags, std::va_list& arguments) {
  const mode_t none = 0;
  return takes_mode(flags) ? va_arg(arguments, mode_t) : none;
}

}  // namespace

extern "C" int __wrap_open(const char* path, int flags, ...) {
  std::va_list arguments;
  va_start(arguments, flags);
  const mode_t mode = mode_argument(flags, arguments);
  va_end(arguments);
  record(path);
  // SAFETY: forwards the caller's arguments unchanged to the real open.
  return __real_open(path, flags, mode);
}

extern "C" int __wrap_open64(const char* path, int flags, ...) {
  std::va_list arguments;
  va_start(arguments, flags);
  const mode_t mode = mode_argument(flags, arguments);
  va_end(arguments);
  record(path);
  // SAFETY: forwards the caller's arguments unchanged to the real open64.
  return __real_open64(path, flags, mode);
}

extern "C" int __wrap_openat(int dirfd, const char* path, int flags, ...) {
  std::va_list arguments;
  va_start(arguments, flags);
  const mode_t mode = mode_argument(flags, arguments);
  va_end(arguments);
  record(path);
  // SAFETY: forwards the caller's arguments unchanged to the real openat.
  return __real_openat(dirfd, path, flags, mode);
}

extern "C" int __wrap_openat64(int dirfd, const char* path, int flags, ...) {
  std::va_list arguments;
  va_start(arguments, flags);
  const mode_t mode = mode_argument(flags, arguments);
  va_end(arguments);
  record(path);
  // SAFETY: forwards the caller's arguments unchanged to the real openat64.
  return __real_openat64(dirfd, path, flags, mode);
}

extern "C" int __wrap___open_2(const char* path, int flags) {
  record(path);
  // SAFETY: forwards the caller's arguments unchanged to the real __open_2.
  return __real___open_2(path, flags);
}

extern "C" int __wrap___open64_2(const char* path, int flags) {
  record(path);
  // SAFETY: forwards the caller's arguments unchanged to the real __open64_2.
  return __real___open64_2(path, flags);
}
