/// @file
/// Deterministic file contents for the stress tests, and a checksum that
/// notices a swapped or shifted byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ffikit/test_support/temp_dir.hpp"

namespace ffikit::stress {

/// A deterministic byte pattern of @p size bytes, different per @p seed.
std::vector<unsigned char> pattern(std::size_t size, unsigned seed);

/// Writes @p bytes to a new file @p name in @p dir. @return its path.
std::string write_pattern(const test_support::TempDir& dir,
                          const std::string& name,
                          const std::vector<unsigned char>& bytes);

/// Sum of the bytes, weighted by position, so that a swapped or shifted
/// byte changes the result.
std::uint64_t checksum(std::span<const std::byte> bytes) noexcept;

}  // namespace ffikit::stress
