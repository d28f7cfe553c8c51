/// @file
/// A fresh directory for one lesson test, removed with everything in it when
/// the test ends, so graders never touch files they did not create.
#pragma once

#include <string>
#include <string_view>

/// Helpers shared by the lessons' graders (never edited by students).
namespace ffikit::lessons {

/// A directory made by mkdtemp under $TMPDIR (or /tmp) and removed,
/// contents and all, by the destructor.
///
/// @code
/// ffikit::lessons::TempDir dir;
/// const std::string path = dir.write("three", "abc");
/// @endcode
class TempDir {
 public:
  /// Creates the directory. Throws std::system_error if mkdtemp fails.
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  /// Removes the directory and everything in it; errors are ignored.
  ~TempDir();

  /// The directory's path, without a trailing slash.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// Joins @p name to path().
  [[nodiscard]] std::string file(std::string_view name) const;
  /// Creates (or replaces) the file @p name holding exactly @p contents.
  /// @return its full path. Throws std::system_error on failure.
  std::string write(std::string_view name, std::string_view contents) const;
  /// Creates the FIFO @p name. @return its full path. Throws on failure.
  [[nodiscard]] std::string fifo(std::string_view name) const;

 private:
  std::string path_;
};

}  // namespace ffikit::lessons
