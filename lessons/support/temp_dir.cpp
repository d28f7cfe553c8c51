#include "ffikit/lessons/temp_dir.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

namespace ffikit::lessons {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = (base != nullptr && *base != '\0') ? base : "/tmp";
  pattern += "/ffikit-lesson-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  // SAFETY: buffer is a writable, NUL-terminated template ending in XXXXXX.
  if (::mkdtemp(buffer.data()) == nullptr) {
    throw std::system_error(errno, std::system_category(), "mkdtemp");
  }
  path_.assign(buffer.data());
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::file(std::string_view name) const {
  std::string joined = path_;
  joined += '/';
  joined += name;
  return joined;
}

std::string TempDir::write(std::string_view name,
                           std::string_view contents) const {
  const std::string full = file(name);
  std::ofstream out(full, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) {
    throw std::system_error(EIO, std::system_category(), "write " + full);
  }
  return full;
}

std::string TempDir::fifo(std::string_view name) const {
  const std::string full = file(name);
  // SAFETY: full is a NUL-terminated path inside a directory this object owns.
  if (::mkfifo(full.c_str(), 0600) != 0) {
    throw std::system_error(errno, std::system_category(), "mkfifo " + full);
  }
  return full;
}

}  // namespace ffikit::lessons
