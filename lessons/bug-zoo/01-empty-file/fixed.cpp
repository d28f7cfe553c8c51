// Bug zoo 01, fixed: a file of size 0 is empty, and never reaches mmap.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "entry.hpp"

namespace ffikit::bug_zoo::empty_file {

int load(const char* path, std::string& out) noexcept {
  // SAFETY: path is NUL-terminated (caller's contract); no O_CREAT.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
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
  const auto size = static_cast<std::size_t>(status.st_size);
  if (size == 0) {
    out.clear();  // mmap refuses length 0: an empty file is just empty
    // SAFETY: fd is open and closed once.
    ::close(fd);
    return 0;
  }
  int result = 0;
  // SAFETY: a fresh private read-only mapping of an open regular file.
  void* const address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (address == MAP_FAILED) {
    result = errno;
  } else {
    out.assign(static_cast<const char*>(address), size);
    // SAFETY: exactly the range mmap returned, released once.
    ::munmap(address, size);
  }
  // SAFETY: fd is open and closed once.
  ::close(fd);
  return result;
}

}  // namespace ffikit::bug_zoo::empty_file
