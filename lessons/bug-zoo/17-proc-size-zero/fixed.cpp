// Bug zoo 17, fixed: a size of 0 is not trusted; such a file is read to the end.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "entry.hpp"

namespace ffikit::bug_zoo::proc_size {
namespace {

// read(2) until end of file.
int read_to_end(int fd, std::string& out) noexcept {
  std::array<char, 4096> buffer{};
  while (true) {
    // SAFETY: buffer is writable for its whole size.
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return errno;
    }
    if (got == 0) {
      return 0;
    }
    out.append(buffer.data(), static_cast<std::size_t>(got));
  }
}

}  // namespace

int read_contents(const char* path, std::string& out) noexcept {
  out.clear();
  // SAFETY: path is NUL-terminated (caller's contract); no O_CREAT.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return errno;
  }
  struct stat status {};
  int result = 0;
  // SAFETY: status is a live struct stat; fd is open.
  if (::fstat(fd, &status) != 0) {
    result = errno;
  } else if (status.st_size == 0) {
    result = read_to_end(fd, out);
  } else {
    const auto size = static_cast<std::size_t>(status.st_size);
    // SAFETY: a fresh private read-only mapping of an open file of this size.
    void* const address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (address == MAP_FAILED) {
      result = errno;
    } else {
      out.assign(static_cast<const char*>(address), size);
      // SAFETY: exactly the range mmap returned, released once.
      ::munmap(address, size);
    }
  }
  // SAFETY: fd is open and closed once.
  ::close(fd);
  return result;
}

}  // namespace ffikit::bug_zoo::proc_size
