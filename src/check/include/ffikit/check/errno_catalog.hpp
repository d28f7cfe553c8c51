/// @file
/// The errno values each watched call may fail with, as its man page lists
/// them, and their symbolic names. Pure tables: no system calls.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "ffikit/check/function.hpp"

namespace ffikit::check {

/// The errors listed in the ERRORS section of the function's man page
/// (open(2), stat(2) for fstat, mmap(2) for mmap and munmap, close(2)),
/// each once, in the page's order. A sweep injects every one of them.
std::span<const int> documented_errors(Function function) noexcept;

/// "ENOENT" for ENOENT, and so on for every errno Linux defines that the
/// catalog knows; nullptr for an unknown number.
const char* errno_name(int error) noexcept;

/// Parses "ENOENT" (or a decimal number) back to its value.
std::optional<int> errno_from_name(std::string_view text) noexcept;

}  // namespace ffikit::check
