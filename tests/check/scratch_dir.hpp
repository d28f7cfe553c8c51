// A fresh mkdtemp directory per test, with files written before any
// session is armed, removed afterwards.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace ffikit::check::testing_support {

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "ffikit-check-XXXXXX")
            .string();
    // SAFETY: pattern is a writable NUL-terminated buffer ending in XXXXXX.
    if (::mkdtemp(pattern.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp failed";
    }
    root_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Writes @p size bytes of text into NAME and returns its path.
  std::string file(const std::string& name, std::size_t size) const {
    const std::string path = (root_ / name).string();
    std::ofstream out(path, std::ios::binary);
    for (std::size_t i = 0; i < size; ++i) {
      out.put(static_cast<char>('a' + static_cast<char>(i % 26)));
    }
    return path;
  }
  std::string path(const std::string& name) const {
    return (root_ / name).string();
  }
  // Creates the directory NAME and returns its path.
  std::string directory(const std::string& name) const {
    std::filesystem::create_directory(root_ / name);
    return (root_ / name).string();
  }

 private:
  std::filesystem::path root_;
};

}  // namespace ffikit::check::testing_support
