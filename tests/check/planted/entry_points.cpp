// Not a bug: a correct program that reaches, by name, every libc entry point
// the checker interposes, so its tests can show that none is missed. A
// compiler emits the large-file names under _FILE_OFFSET_BITS=64 and the
// fortified ones under _FORTIFY_SOURCE; here each is called directly.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "planted_bugs.hpp"

// glibc exports these for fortified callers but declares them only when
// fortifying; the types are glibc's.
extern "C" int __open_2(const char* path, int flags);
extern "C" int __open64_2(const char* path, int flags);

namespace ffikit::planted {
namespace {

// Read-only, and O_CREAT on a file that exists: nothing is created, but the
// variadic entry points must fetch the mode argument.
constexpr int read_flags = O_RDONLY | O_CLOEXEC;
constexpr int create_flags = O_RDONLY | O_CREAT | O_CLOEXEC;
constexpr mode_t mode = 0600;

}  // namespace

int every_entry_point(const char* path) {
  std::array<int, 10> fds{};
  fds.fill(-1);
  // SAFETY: path is NUL-terminated; every call either fails or returns a
  // descriptor this function closes below, once.
  fds[0] = ::open(path, read_flags);
  fds[1] = ::open(path, create_flags, mode);
  fds[2] = ::open64(path, read_flags);
  fds[3] = ::open64(path, create_flags, mode);
  fds[4] = ::openat(AT_FDCWD, path, read_flags);
  fds[5] = ::openat(AT_FDCWD, path, create_flags, mode);
  fds[6] = ::openat64(AT_FDCWD, path, read_flags);
  fds[7] = ::openat64(AT_FDCWD, path, create_flags, mode);
  fds[8] = ::__open_2(path, read_flags);
  fds[9] = ::__open64_2(path, read_flags);
  int error = 0;
  for (const int fd : fds) {
    if (fd < 0 && error == 0) {
      error = EBADF;
    }
  }
  struct stat status {};
  struct stat64 status64 {};
  void* mapped = MAP_FAILED;
  void* mapped64 = MAP_FAILED;
  std::size_t length = 0;
  // SAFETY: fstat writes into the live structs; mmap maps at most the
  // file's size from descriptors that are open.
  if (error == 0 && ::fstat(fds[0], &status) == 0 &&
      ::fstat64(fds[2], &status64) == 0 && status.st_size > 0) {
    length = static_cast<std::size_t>(status.st_size);
    mapped = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fds[0], 0);
    mapped64 = ::mmap64(nullptr, length, PROT_READ, MAP_SHARED, fds[2], 0);
  }
  if (error == 0 && (mapped == MAP_FAILED || mapped64 == MAP_FAILED)) {
    error = errno != 0 ? errno : EINVAL;
  }
  // SAFETY: each mapping is unmapped with the length it was mapped with,
  // before its descriptor is closed.
  if (mapped64 != MAP_FAILED) {
    ::munmap(mapped64, length);
  }
  if (mapped != MAP_FAILED) {
    ::munmap(mapped, length);
  }
  for (auto fd = fds.rbegin(); fd != fds.rend(); ++fd) {
    if (*fd >= 0) {
      ::close(*fd);
    }
  }
  return error;
}

}  // namespace ffikit::planted
