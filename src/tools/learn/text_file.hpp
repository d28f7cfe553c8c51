/// @file
/// Whole-file reads for the runner's small text files (manifest, hints,
/// checksums, JUnit reports).
#pragma once

#include <filesystem>
#include <string>

namespace ffikit::learn {

/// The bytes of @p path, unchanged (no newline translation).
/// A file that is missing or unreadable reads as an empty string: callers
/// treat an absent optional file (hints.md, a JUnit report CTest never
/// wrote) like an empty one. Never throws on I/O errors.
[[nodiscard]] std::string read_text(const std::filesystem::path& path);

}  // namespace ffikit::learn
