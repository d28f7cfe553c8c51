#include "files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace ffikit::faultrun {

std::optional<std::string> read_file(const std::string& path,
                                     std::size_t limit) {
  int fd = -1;
  do {
    // SAFETY: a NUL-terminated path; the descriptor is closed below and is
    // close-on-exec meanwhile.
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    return std::nullopt;
  }
  std::string out;
  std::array<char, 65536> buffer{};
  bool failed = false;
  while (out.size() < limit) {
    // SAFETY: reads into buffer within its size.
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      failed = got < 0;
      break;
    }
    out.append(buffer.data(), static_cast<std::size_t>(got));
  }
  const int saved = errno;
  // SAFETY: the descriptor opened above, closed once; a failing close of a
  // file only read loses nothing.
  ::close(fd);
  if (failed) {
    errno = saved;
    return std::nullopt;
  }
  if (out.size() > limit) {
    out.resize(limit);
  }
  return out;
}

int write_file(const std::string& path, std::string_view bytes) {
  int fd = -1;
  do {
    // SAFETY: a NUL-terminated path; closed below, close-on-exec meanwhile.
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    return errno;
  }
  int error = 0;
  while (!bytes.empty()) {
    // SAFETY: writes from bytes within its size.
    const ssize_t put = ::write(fd, bytes.data(), bytes.size());
    if (put < 0 && errno == EINTR) {
      continue;
    }
    if (put <= 0) {
      error = put < 0 ? errno : EIO;
      break;
    }
    bytes.remove_prefix(static_cast<std::size_t>(put));
  }
  // SAFETY: the descriptor opened above, closed once and never retried.
  if (::close(fd) != 0 && error == 0 && errno != EINTR) {
    error = errno;
  }
  return error;
}

std::string make_temporary_directory(const std::string& prefix) {
  std::string pattern = "/tmp/" + prefix + "XXXXXX";
  // SAFETY: getenv only reads the environment, which no thread changes.
  if (const char* tmp = std::getenv("TMPDIR"); tmp != nullptr && *tmp != '\0') {
    pattern = std::string(tmp) + "/" + prefix + "XXXXXX";
  }
  // SAFETY: a writable NUL-terminated template ending in XXXXXX.
  return ::mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
}

void remove_tree(const std::string& path) {
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
}

}  // namespace ffikit::faultrun
