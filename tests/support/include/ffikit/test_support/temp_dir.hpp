/// @file
/// A scratch directory for one test, removed with everything in it.
#pragma once

#include <string>
#include <string_view>

namespace ffikit::test_support {

/// A fresh directory made by mkdtemp(3) under $TMPDIR (or /tmp), removed
/// recursively on destruction. Tests never write outside one.
class TempDir {
 public:
  /// Creates the directory; aborts the test binary if it cannot.
  TempDir();
  /// Removes the directory and everything below it.
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// The directory's absolute path.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// path() + "/" + @p name, without creating anything.
  [[nodiscard]] std::string join(std::string_view name) const;
  /// Writes @p contents to a new file @p name and returns its path.
  std::string write(std::string_view name, std::string_view contents) const;
  /// Makes a FIFO @p name and returns its path.
  std::string make_fifo(std::string_view name) const;
  /// Makes a subdirectory @p name and returns its path.
  std::string make_dir(std::string_view name) const;

 private:
  std::string path_;
};

}  // namespace ffikit::test_support
