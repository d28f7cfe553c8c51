/// @file
/// The pattern `--message` gives: an ECMAScript regular expression that
/// stands in for the error-message rule (message_rule.hpp). Pure: no
/// system calls.
///
/// In a unit of its own because <regex> is a template library that takes
/// seconds to compile in every unit that uses it, in every configuration;
/// the option parser and the verdicts only call the two functions below.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ffikit::faultrun {

/// Why @p pattern is not an ECMAScript regular expression (in std::regex's
/// words, e.g. "Mismatched '(' and ')' in regular expression"), or nothing
/// when it is one.
std::optional<std::string> pattern_error(const std::string& pattern);

/// True when @p pattern matches somewhere in @p text (a search, not a
/// whole-text match: "^" anchors at the start of @p text).
/// @pre pattern_error(pattern) is empty; otherwise std::regex_error is
/// thrown.
bool pattern_found(const std::string& pattern, std::string_view text);

}  // namespace ffikit::faultrun
