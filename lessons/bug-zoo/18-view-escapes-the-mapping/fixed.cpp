// Bug zoo 18, fixed: the line is copied out before the mapping is released.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>
#include <system_error>

#include "entry.hpp"

namespace ffikit::bug_zoo::escape {

std::string first_line(const char* path) {
  // SAFETY: path is NUL-terminated (caller's contract); no O_CREAT.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw std::system_error(errno, std::system_category(), "open");
  }
  struct stat status {};
  // SAFETY: status is a live struct stat; fd is open.
  if (::fstat(fd, &status) != 0 || status.st_size <= 0) {
    const int error = status.st_size == 0 ? EINVAL : errno;
    ::close(fd);
    throw std::system_error(error, std::system_category(), "fstat");
  }
  const auto size = static_cast<std::size_t>(status.st_size);
  // SAFETY: a fresh private read-only mapping of an open file of this size.
  void* const address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int error = errno;
  // SAFETY: fd is open and closed once; the mapping does not need it.
  ::close(fd);
  if (address == MAP_FAILED) {
    throw std::system_error(error, std::system_category(), "mmap");
  }
  const std::string_view text(static_cast<const char*>(address), size);
  const std::string line(text.substr(0, text.find('\n')));
  // SAFETY: exactly the range mmap returned, released once; line is a copy.
  ::munmap(address, size);
  return line;
}

}  // namespace ffikit::bug_zoo::escape
