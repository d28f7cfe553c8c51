#include "target.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string_view>

namespace ffikit::faultrun {
namespace {

template <class T>
bool read_at(std::span<const unsigned char> bytes, std::uint64_t offset,
             T& out) {
  if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) {
    return false;
  }
  std::memcpy(&out, bytes.data() + offset, sizeof(T));
  return true;
}

constexpr std::uint32_t pt_interp = 3;

// Looks for PT_INTERP among the program headers of a little-endian ELF.
// @return 1 found, 0 absent, -1 the headers are not in the bytes read.
int has_interpreter(std::span<const unsigned char> head, bool is64) {
  std::uint64_t phoff = 0;
  std::uint16_t phentsize = 0;
  std::uint16_t phnum = 0;
  if (is64) {
    if (!read_at(head, 32, phoff) || !read_at(head, 54, phentsize) ||
        !read_at(head, 56, phnum)) {
      return -1;
    }
  } else {
    std::uint32_t off32 = 0;
    if (!read_at(head, 28, off32) || !read_at(head, 42, phentsize) ||
        !read_at(head, 44, phnum)) {
      return -1;
    }
    phoff = off32;
  }
  if (phentsize < 4) {
    return -1;
  }
  for (std::uint16_t i = 0; i < phnum; ++i) {
    std::uint32_t type = 0;
    if (!read_at(head, phoff + std::uint64_t{i} * phentsize, type)) {
      return -1;
    }
    if (type == pt_interp) {
      return 1;
    }
  }
  return 0;
}

std::string resolve_in_path(const std::string& command) {
  if (command.find('/') != std::string::npos) {
    return command;
  }
  // SAFETY: getenv before any thread exists.
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path == nullptr ? "/usr/bin:/bin" : path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + command;
    // SAFETY: a NUL-terminated path; access only checks permissions.
    if (::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return {};
}

std::string absolute(const std::string& path) {
  std::array<char, PATH_MAX> buffer{};
  // SAFETY: realpath writes at most PATH_MAX bytes into buffer.
  return ::realpath(path.c_str(), buffer.data()) != nullptr ? buffer.data()
                                                            : path;
}

}  // namespace

ExecutableKind classify_executable(std::span<const unsigned char> head) {
  ExecutableKind out;
  if (head.size() >= 2 && head[0] == '#' && head[1] == '!') {
    std::string_view line(reinterpret_cast<const char*>(head.data()) + 2,
                          head.size() - 2);
    line = line.substr(0, line.find('\n'));
    const std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos) {
      out.reason = "a script that names no interpreter";
      return out;
    }
    line.remove_prefix(start);
    out.interpreter = std::string(line.substr(0, line.find_first_of(" \t\r")));
    out.watchable = true;
    return out;
  }
  if (head.size() < 16 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' ||
      head[3] != 'F') {
    out.reason = "neither an ELF program nor a script";
    return out;
  }
  if (head[5] != 1) {
    out.reason = "a big-endian ELF file, which this machine cannot run";
    return out;
  }
  const int found = has_interpreter(head, head[4] == 2);
  if (found < 0) {
    out.reason = "an ELF file whose program headers cannot be read";
  } else if (found == 0) {
    out.reason =
        "statically linked: no dynamic loader reads LD_PRELOAD, so the "
        "checker cannot enter it";
  } else {
    out.watchable = true;
  }
  return out;
}

Target watch_target(const std::string& command) {
  Target target;
  std::string path = resolve_in_path(command);
  for (int depth = 0; depth < 2; ++depth) {
    if (path.empty()) {
      target.cannot_start = true;
      target.reason = "cannot start " + command + ": not found in PATH";
      return target;
    }
    // SAFETY: a NUL-terminated path; the descriptor is closed below.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      target.cannot_start = true;
      target.reason = "cannot start " + path + ": " + std::strerror(errno);
      return target;
    }
    std::array<unsigned char, 65536> head{};
    struct stat info {};
    // SAFETY: reads into head within its size; fstat fills info.
    const ssize_t got = ::read(fd, head.data(), head.size());
    const bool stated = ::fstat(fd, &info) == 0;
    // SAFETY: the descriptor opened above, closed once.
    ::close(fd);
    if (got < 0 || !stated) {
      target.cannot_start = true;
      target.reason = "cannot read " + path;
      return target;
    }
    // SAFETY: geteuid/getegid cannot fail.
    if (((info.st_mode & S_ISUID) != 0 && info.st_uid != ::geteuid()) ||
        ((info.st_mode & S_ISGID) != 0 && info.st_gid != ::getegid())) {
      target.reason = path +
                      " is set-user-ID or set-group-ID: the loader runs it "
                      "securely and ignores LD_PRELOAD";
      return target;
    }
    const ExecutableKind kind =
        classify_executable(std::span<const unsigned char>(
            head.data(), static_cast<std::size_t>(got)));
    if (!kind.watchable) {
      target.reason = path + " is " + kind.reason;
      return target;
    }
    if (kind.interpreter.empty()) {
      target.program = absolute(path);
      return target;
    }
    path = kind.interpreter;
  }
  target.reason = command + " is a script whose interpreter is a script";
  return target;
}

}  // namespace ffikit::faultrun
