/// @file
/// A fresh mkdtemp directory holding the files a stress test reads; removed
/// with everything in it when the object dies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace ffikit::stress {

/// Owns a new directory under the system temp directory.
class TempTree {
 public:
  /// Creates the directory; throws std::system_error if mkdtemp fails.
  TempTree();
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;
  TempTree(TempTree&&) = delete;
  TempTree& operator=(TempTree&&) = delete;
  /// Removes the directory and everything in it; errors are ignored.
  ~TempTree();

  /// Writes @p bytes to a new file @p name inside the tree.
  /// @return the file's full path.
  std::string write(const std::string& name,
                    const std::vector<unsigned char>& bytes) const;

  /// The directory itself.
  [[nodiscard]] const std::filesystem::path& path() const noexcept {
    return root_;
  }

 private:
  std::filesystem::path root_;
};

/// A deterministic byte pattern of @p size bytes, different per @p seed.
std::vector<unsigned char> pattern(std::size_t size, unsigned seed);

/// Sum of the bytes, weighted by position, so that a swapped or shifted
/// byte changes the result.
std::uint64_t checksum(std::span<const std::byte> bytes) noexcept;

}  // namespace ffikit::stress
