// Mutant of the capstone (a whole program, written without the kit's
// stages): a mapping that fails is taken for an empty file, as code does
// that answers every failure to map with an empty view. Nothing is copied,
// nothing is said, and the status is 0: a cut copy that looks like success.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace {

int report(const char* operation, const char* path, int error) {
  std::fprintf(stderr, "cat: %s(%s): %s\n", operation, path,
               std::strerror(error));
  return 1;
}

int write_all(const char* bytes, std::size_t size) {
  while (size > 0) {
    // SAFETY: bytes points into a live mapping of at least size bytes.
    const ssize_t written = ::write(STDOUT_FILENO, bytes, size);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    bytes += written;
    size -= static_cast<std::size_t>(written);
  }
  return 0;
}

int copy(const char* path) {
  // SAFETY: path is NUL-terminated (argv); no O_CREAT, so no mode;
  // O_NONBLOCK keeps a FIFO from waiting for a writer.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    return report("open", path, errno);
  }
  struct stat status {};
  // SAFETY: status is a live struct stat; fd is open.
  if (::fstat(fd, &status) != 0) {
    const int error = errno;
    ::close(fd);
    return report("fstat", path, error);
  }
  if (!S_ISREG(status.st_mode)) {
    ::close(fd);
    return report("mmap", path, S_ISDIR(status.st_mode) ? EISDIR : ENODEV);
  }
  const auto size = static_cast<std::size_t>(status.st_size);
  int result = 0;
  if (size > 0) {
    // SAFETY: a fresh read-only mapping of an open regular file.
    void* const address = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
    if (address == MAP_FAILED) {
      ::close(fd);
      return 0;  // the mistake: "could not map" read as "nothing to copy"
    }
    const int error = write_all(static_cast<const char*>(address), size);
    // SAFETY: exactly the range mmap returned.
    if (::munmap(address, size) != 0 && result == 0) {
      result = report("munmap", path, errno);
    }
    if (error != 0) {
      ::close(fd);
      return report("write", "stdout", error);
    }
  }
  // SAFETY: fd is open and closed once.
  if (::close(fd) != 0 && result == 0) {
    result = report("close", path, errno);
  }
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    status |= copy(argv[i]);
  }
  return status;
}
