/// @file
/// Snapshots of this process's descriptors and file-backed mappings, read
/// from /proc/self, so that a test can prove it left nothing behind.
#pragma once

#include <set>
#include <string>
#include <vector>

/// Helpers shared by the kit's GoogleTest suites.
namespace ffikit::test_support {

/// The open descriptors and file-backed mappings of this process.
struct ResourceSnapshot {
  /// "FD -> TARGET" for each entry of /proc/self/fd.
  std::set<std::string> descriptors;
  /// "START-END PATH" for each mapping of /proc/self/maps that has a file
  /// behind it. Anonymous memory (heap, stacks, sanitizer shadow) is left
  /// out: allocators map and unmap it at will.
  std::set<std::string> file_mappings;

  /// Reads /proc/self/fd and /proc/self/maps now.
  static ResourceSnapshot take();
};

/// Lines describing what @p after holds that @p before did not, e.g.
/// "descriptor 5 -> /tmp/x" or "mapping 7f..-7f.. /tmp/x". Empty when
/// nothing was left behind.
std::vector<std::string> leaked_between(const ResourceSnapshot& before,
                                        const ResourceSnapshot& after);

/// Registers a GoogleTest listener that takes a snapshot before every test
/// and fails the test if it ends holding a descriptor or file mapping it
/// did not hold before. Called by the kit's test main.
void install_leak_listener();

}  // namespace ffikit::test_support
