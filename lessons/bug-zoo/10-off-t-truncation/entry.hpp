/// @file
/// Bug zoo 10: a file size narrowed to 32 bits by a cast (see README.md).
#pragma once

#include <cstdint>
#include <optional>

/// Bug zoo 10: a file size narrowed to 32 bits by a cast.
namespace ffikit::bug_zoo::narrowing {

/// @p size (an off_t from fstat) as a 32-bit mapping length, or
/// std::nullopt when it is negative or does not fit, as on a 32-bit system.
std::optional<std::uint32_t> length32(std::int64_t size) noexcept;

}  // namespace ffikit::bug_zoo::narrowing
