#include "temp_tree.hpp"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace ffikit::stress {

TempTree::TempTree() {
  std::string templ =
      (std::filesystem::temp_directory_path() / "ffikit-stress-XXXXXX")
          .string();
  // SAFETY: templ is a writable NUL-terminated buffer ending in XXXXXX, as
  // mkdtemp requires; it rewrites those six bytes in place.
  if (::mkdtemp(templ.data()) == nullptr) {
    throw std::system_error(errno, std::system_category(), "mkdtemp");
  }
  root_ = templ;
}

TempTree::~TempTree() {
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

std::string TempTree::write(const std::string& name,
                            const std::vector<unsigned char>& bytes) const {
  const std::filesystem::path file = root_ / name;
  std::ofstream out(file, std::ios::binary);
  for (const unsigned char byte : bytes) {
    out.put(static_cast<char>(byte));
  }
  out.close();
  if (!out) {
    throw std::system_error(EIO, std::system_category(), "write " + name);
  }
  return file.string();
}

std::vector<unsigned char> pattern(std::size_t size, unsigned seed) {
  std::vector<unsigned char> bytes(size);
  unsigned state = seed * 2654435761U + 1U;
  for (unsigned char& byte : bytes) {
    state = state * 1103515245U + 12345U;
    byte = static_cast<unsigned char>(state >> 16U);
  }
  return bytes;
}

std::uint64_t checksum(std::span<const std::byte> bytes) noexcept {
  std::uint64_t sum = 0;
  std::uint64_t position = 0;
  for (const std::byte byte : bytes) {
    ++position;
    sum += position * std::to_integer<std::uint64_t>(byte);
  }
  return sum;
}

}  // namespace ffikit::stress
