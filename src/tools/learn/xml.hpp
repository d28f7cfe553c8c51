/// @file
/// Escaping text for the runner's JUnit reports.
#pragma once

#include <string>
#include <string_view>

namespace ffikit::learn {

/// Escapes @p text for an attribute value or element content: the
/// characters < > & and the double quote become entities; control bytes
/// other than newline and tab become '?', since XML 1.0 cannot carry them.
/// Bytes from 0x80 up pass unchanged.
[[nodiscard]] std::string escape_xml(std::string_view text);

}  // namespace ffikit::learn
