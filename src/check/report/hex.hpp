// Internal: small text helpers shared by the report writers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ffikit/check/text.hpp"

namespace ffikit::check {

/// @cond internal
/// "0x7f00beef".
std::string hex(std::uintptr_t value);

/// @p text with every byte that is not printable ASCII written as an escape
/// (\n, \t, \", \\, \xNN), and "..." plus the whole length when it was cut:
/// a path can neither break a line of a report nor hide its end.
std::string printable(std::string_view text);
/// printable() of a Text, saying how long the whole text was if it was cut.
std::string printable(const Text& text);
/// @endcond

}  // namespace ffikit::check
