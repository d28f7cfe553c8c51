/// @file
/// The few lines of a failed check's output that tell a student what went
/// wrong, instead of the whole log.
#pragma once

#include <filesystem>
#include <string>

#include "junit.hpp"

namespace ffikit::learn {

/// Whether @p line carries one of the marks of a real failure (a GoogleTest
/// ": Failure", a sanitizer report, "error:", "Expected", an abort, ...).
[[nodiscard]] bool is_useful(const std::string& line);

/// The first useful lines of a failed check, never empty.
///
/// Paths under @p source lose that prefix. The excerpt starts at the first
/// compiler "error:" line, else at the first is_useful() line (preceded by
/// "in TEST:" when a GoogleTest "[ RUN      ] TEST" line comes before it),
/// else at the last 8 lines. It shows at most 12 lines, skipping blank
/// lines and GoogleTest's banner lines. A failure message other than
/// "Failed" is added in parentheses; with no lines to show, a sentence
/// saying the check printed nothing names the message (or "no status").
[[nodiscard]] std::string excerpt(const std::filesystem::path& source,
                                  const TestResult& result);

}  // namespace ffikit::learn
