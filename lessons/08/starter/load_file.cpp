// TODO: this wrapper passes the happy-path test, but the fault sweep breaks
// every call it makes in turn. Make each error path release exactly what
// was acquired, unmap before closing, report munmap and close failures, and
// handle the empty file. Keep the interface unchanged.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "lesson08.hpp"

namespace lesson08 {

LoadStatus load_file(const char* path, std::string& out) noexcept {
  // SAFETY: path is NUL-terminated (caller's contract); no O_CREAT.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return {"open", errno};
  }
  struct stat status {};
  // SAFETY: status is a live struct stat; fd is open.
  if (::fstat(fd, &status) != 0) {
    return {"fstat", errno};
  }
  const auto size = static_cast<std::size_t>(status.st_size);
  // SAFETY: a fresh read-only mapping of an open descriptor.
  void* address = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  if (address == MAP_FAILED) {
    return {"mmap", errno};
  }
  out.assign(static_cast<const char*>(address), size);
  // SAFETY: fd is open and closed once.
  ::close(fd);
  // SAFETY: exactly the range mmap returned.
  ::munmap(address, size);
  return {};
}

}  // namespace lesson08
