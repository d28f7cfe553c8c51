// Every bug here is deliberate. The C calls are made directly, without the
// kit's owners, because the owners make these mistakes impossible.
#include "planted_bugs.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ffikit::planted {
namespace {

struct Mapped {
  int fd = -1;
  void* address = MAP_FAILED;
  std::size_t length = 0;
  int error = 0;
};

// Opens, fstats and maps; on error releases what it took (unless told to
// forget the descriptor) and reports the errno.
Mapped map_file(const char* path, bool forget_fd_on_error = false) {
  Mapped m;
  // SAFETY: path is NUL-terminated; no O_CREAT, so no mode.
  m.fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (m.fd < 0) {
    m.error = errno;
    return m;
  }
  struct stat status {};
  // SAFETY: status is a live struct stat.
  if (::fstat(m.fd, &status) < 0) {
    m.error = errno;
    if (!forget_fd_on_error) {
      ::close(m.fd);
    }
    m.fd = -1;
    return m;
  }
  m.length = static_cast<std::size_t>(status.st_size);
  // SAFETY: a fresh read-only mapping at an address the kernel picks.
  m.address = ::mmap(nullptr, m.length, PROT_READ, MAP_SHARED, m.fd, 0);
  if (m.address == MAP_FAILED) {
    m.error = errno;
    if (!forget_fd_on_error) {
      ::close(m.fd);
    }
    m.fd = -1;
  }
  return m;
}

volatile unsigned char sink = 0;

}  // namespace

int clean(const char* path) {
  Mapped m = map_file(path);
  if (m.error != 0) {
    return m.error;
  }
  sink = *static_cast<const unsigned char*>(m.address);
  // SAFETY: exactly what mmap returned, released once.
  const int unmapped = ::munmap(m.address, m.length) < 0 ? errno : 0;
  // SAFETY: our descriptor, closed once.
  const int closed = ::close(m.fd) < 0 ? errno : 0;
  return unmapped != 0 ? unmapped : closed;
}

int leak_descriptor(const char* path) {
  // SAFETY: path is NUL-terminated. The bug: the descriptor is dropped.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  return fd < 0 ? errno : 0;
}

int leak_mapping(const char* path) {
  Mapped m = map_file(path);
  if (m.error != 0) {
    return m.error;
  }
  // The bug: the mapping is never unmapped.
  // SAFETY: our descriptor, closed once.
  return ::close(m.fd) < 0 ? errno : 0;
}

int double_close(const char* path) {
  Mapped m = map_file(path);
  if (m.error != 0) {
    return m.error;
  }
  // SAFETY: exactly what mmap returned.
  ::munmap(m.address, m.length);
  // SAFETY: our descriptor...
  ::close(m.fd);
  // ...and the bug: closed again (EBADF here, someone else's fd elsewhere).
  return ::close(m.fd) < 0 ? errno : 0;
}

int close_before_munmap(const char* path) {
  Mapped m = map_file(path);
  if (m.error != 0) {
    return m.error;
  }
  // The bug: the descriptor goes before the mapping made from it.
  // SAFETY: our descriptor, closed once.
  ::close(m.fd);
  // SAFETY: exactly what mmap returned.
  return ::munmap(m.address, m.length) < 0 ? errno : 0;
}

int munmap_wrong_length(const char* path) {
  Mapped m = map_file(path);
  if (m.error != 0) {
    return m.error;
  }
  // The bug: one page instead of the whole mapping; the rest stays mapped.
  // SAFETY: the first page is part of our mapping.
  ::munmap(m.address, 4096);
  // SAFETY: our descriptor, closed once.
  return ::close(m.fd) < 0 ? errno : 0;
}

int use_after_munmap(const char* path) {
  Mapped m = map_file(path);
  if (m.error != 0) {
    return m.error;
  }
  const auto* stale = static_cast<const volatile unsigned char*>(m.address);
  // SAFETY: exactly what mmap returned.
  ::munmap(m.address, m.length);
  // SAFETY: our descriptor, closed once.
  ::close(m.fd);
  // The bug: a read through a pointer into the released mapping.
  sink = *stale;
  return 0;
}

int error_path_forgets_close(const char* path) {
  Mapped m = map_file(path, true);
  if (m.error != 0) {
    return m.error;
  }
  // SAFETY: exactly what mmap returned, released once.
  ::munmap(m.address, m.length);
  // SAFETY: our descriptor, closed once.
  return ::close(m.fd) < 0 ? errno : 0;
}

int retry_close_on_eintr(const char* path) {
  Mapped m = map_file(path);
  if (m.error != 0) {
    return m.error;
  }
  // SAFETY: exactly what mmap returned.
  ::munmap(m.address, m.length);
  int result = 0;
  do {
    // SAFETY: our descriptor... and the bug: again after EINTR.
    result = ::close(m.fd);
  } while (result < 0 && errno == EINTR);
  return result < 0 ? errno : 0;
}

int retry_open_forever(const char* path) {
  int fd = -1;
  do {
    // SAFETY: path is NUL-terminated. The bug: no bound on the retries.
    fd = ::open(path, O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    return errno;
  }
  // SAFETY: our descriptor, closed once.
  return ::close(fd) < 0 ? errno : 0;
}

int mmap_checked_against_null(const char* path) {
  // SAFETY: path is NUL-terminated.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return errno;
  }
  struct stat status {};
  // SAFETY: status is a live struct stat.
  if (::fstat(fd, &status) < 0) {
    const int error = errno;
    ::close(fd);
    return error;
  }
  const auto length = static_cast<std::size_t>(status.st_size);
  // SAFETY: a fresh read-only mapping at an address the kernel picks.
  void* address = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
  // The bug: a failed mmap returns MAP_FAILED ((void*)-1), never NULL.
  if (address == nullptr) {
    const int error = errno;
    ::close(fd);
    return error;
  }
  sink = *static_cast<const volatile unsigned char*>(address);
  // SAFETY: exactly what mmap returned (when it succeeded).
  ::munmap(address, length);
  // SAFETY: our descriptor, closed once.
  return ::close(fd) < 0 ? errno : 0;
}

int (*find(const char* name))(const char*) {
  struct Entry {
    const char* name;
    int (*function)(const char*);
  };
  static constexpr Entry entries[] = {
      {"clean", clean},
      {"leak-descriptor", leak_descriptor},
      {"leak-mapping", leak_mapping},
      {"double-close", double_close},
      {"close-before-munmap", close_before_munmap},
      {"munmap-wrong-length", munmap_wrong_length},
      {"use-after-munmap", use_after_munmap},
      {"error-path-forgets-close", error_path_forgets_close},
      {"retry-close-on-eintr", retry_close_on_eintr},
      {"retry-open-forever", retry_open_forever},
      {"mmap-checked-against-null", mmap_checked_against_null},
      {"every-entry-point", every_entry_point},
  };
  for (const Entry& entry : entries) {
    if (std::strcmp(entry.name, name) == 0) {
      return entry.function;
    }
  }
  return nullptr;
}

}  // namespace ffikit::planted
