// Building small file trees inside a TempDir for the runner's tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace ffikit::learn::testing {

// Writes @p contents to @p root / @p relative, making parent directories.
inline std::filesystem::path put(const std::filesystem::path& root,
                                 std::string_view relative,
                                 std::string_view contents) {
  const std::filesystem::path file = root / relative;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  return file;
}

// The bytes of @p file, or "" if it cannot be read.
inline std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace ffikit::learn::testing
