#include "ffikit/test_support/temp_dir.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

namespace ffikit::test_support {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
      "/ffikit-test-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  // SAFETY: buffer is a writable, NUL-terminated template ending in XXXXXX.
  if (::mkdtemp(buffer.data()) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  path_ = buffer.data();
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::join(std::string_view name) const {
  std::string out = path_;
  out += '/';
  out += name;
  return out;
}

std::string TempDir::write(std::string_view name,
                           std::string_view contents) const {
  const std::string file = join(name);
  std::ofstream out(file, std::ios::binary);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  if (!out) {
    std::perror(file.c_str());
    std::abort();
  }
  return file;
}

std::string TempDir::make_fifo(std::string_view name) const {
  const std::string file = join(name);
  // SAFETY: file is a NUL-terminated path inside our own directory.
  if (::mkfifo(file.c_str(), 0600) != 0) {
    std::perror(file.c_str());
    std::abort();
  }
  return file;
}

std::string TempDir::make_dir(std::string_view name) const {
  const std::string dir = join(name);
  std::filesystem::create_directory(dir);
  return dir;
}

}  // namespace ffikit::test_support
