#include "ffikit/test_support/resource_snapshot.hpp"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <sstream>

namespace ffikit::test_support {
namespace {

std::string link_target(const std::string& link) {
  std::array<char, 4096> buffer{};
  // SAFETY: readlink writes at most buffer.size() - 1 bytes, leaving room
  // for the terminator we rely on below.
  const ssize_t length =
      ::readlink(link.c_str(), buffer.data(), buffer.size() - 1);
  if (length < 0) {
    return "?";
  }
  return {buffer.data(), static_cast<std::size_t>(length)};
}

std::set<std::string> read_descriptors() {
  std::set<std::string> out;
  // SAFETY: the DIR* is closed below on every path; its own descriptor is
  // skipped by number so it never shows up as a leak.
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) {
    return out;
  }
  const int own = ::dirfd(dir);
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name == "." || name == ".." || name == std::to_string(own)) {
      continue;
    }
    out.insert(name + " -> " + link_target("/proc/self/fd/" + name));
  }
  ::closedir(dir);
  return out;
}

std::set<std::string> read_file_mappings() {
  std::set<std::string> out;
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    // START-END PERMS OFFSET DEV INODE PATH
    std::istringstream fields(line);
    std::string range, perms, offset, device, inode, path;
    fields >> range >> perms >> offset >> device >> inode;
    std::getline(fields >> std::ws, path);
    if (inode == "0" || path.empty()) {
      continue;
    }
    out.insert(range + " " + path);
  }
  return out;
}

}  // namespace

ResourceSnapshot ResourceSnapshot::take() {
  ResourceSnapshot snapshot;
  snapshot.file_mappings = read_file_mappings();
  snapshot.descriptors = read_descriptors();
  return snapshot;
}

std::vector<std::string> leaked_between(const ResourceSnapshot& before,
                                        const ResourceSnapshot& after) {
  std::vector<std::string> leaks;
  std::vector<std::string> extra;
  std::set_difference(after.descriptors.begin(), after.descriptors.end(),
                      before.descriptors.begin(), before.descriptors.end(),
                      std::back_inserter(extra));
  for (const std::string& descriptor : extra) {
    leaks.push_back("descriptor " + descriptor);
  }
  extra.clear();
  std::set_difference(after.file_mappings.begin(), after.file_mappings.end(),
                      before.file_mappings.begin(), before.file_mappings.end(),
                      std::back_inserter(extra));
  for (const std::string& mapping : extra) {
    leaks.push_back("mapping " + mapping);
  }
  return leaks;
}

}  // namespace ffikit::test_support
