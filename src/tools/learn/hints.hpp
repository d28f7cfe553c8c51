/// @file
/// Sections of a lesson's hints.md, and indentation for printing them.
#pragma once

#include <string>

#include "context.hpp"
#include "lesson.hpp"

namespace ffikit::learn {

/// The body of the "## @p heading" section of lessons/ID/hints.md (e.g.
/// "General" or "Task 2"), without leading blank lines or trailing blank
/// lines and spaces. Every section with that heading contributes, in file
/// order.
/// @return The empty string when the file or the section is missing.
[[nodiscard]] std::string hint_section(const Context& context,
                                       const Lesson& lesson,
                                       const std::string& heading);

/// Every line of @p text with @p prefix in front, each ending in a newline
/// (a last line without one gets one). Empty @p text gives "".
[[nodiscard]] std::string indent(const std::string& text,
                                 const std::string& prefix);

}  // namespace ffikit::learn
