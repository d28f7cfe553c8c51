#include "ffikit/test_support/mapping_probe.hpp"

#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <sstream>

namespace ffikit::test_support {

bool page_is_mapped(const void* address) {
  // SAFETY: sysconf has no preconditions; the page size is positive.
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>(address) & ~(page - 1);
  unsigned char resident = 0;
  // SAFETY: one page, so mincore writes exactly one byte into resident; it
  // reads nothing of the range itself. ENOMEM means "not mapped".
  return ::mincore(reinterpret_cast<void*>(start), page, &resident) == 0;
}

bool page_maps_file(const void* address, const std::string& path) {
  struct stat file {};
  // SAFETY: path is NUL-terminated; file is a live struct stat.
  if (::stat(path.c_str(), &file) != 0) {
    return false;
  }
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  // Each line: START-END PERMS OFFSET MAJOR:MINOR INODE [PATH], in hex but
  // for the inode.
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::uintptr_t start = 0;
    std::uintptr_t end = 0;
    char dash = 0;
    std::string permissions;
    std::string offset;
    unsigned int major_number = 0;
    unsigned int minor_number = 0;
    char colon = 0;
    ino_t inode = 0;
    fields >> std::hex >> start >> dash >> end >> permissions >> offset >>
        major_number >> colon >> minor_number >> std::dec >> inode;
    if (fields && start <= at && at < end) {
      return major_number == major(file.st_dev) &&
             minor_number == minor(file.st_dev) && inode == file.st_ino;
    }
  }
  return false;
}

}  // namespace ffikit::test_support
