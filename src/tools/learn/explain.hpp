/// @file
/// What a student reads when a check fails: which test, what happened (the
/// assertion, the sanitizer's report, the signal, the timeout, the first
/// compiler error), in whole lines, never the whole log.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "executor.hpp"

namespace ffikit::learn {

/// A failed check, explained.
struct Explanation {
  /// The GoogleTest test the failure belongs to ("Task2Close.X"), or "".
  std::string test;
  /// One line: "Task2Close.X failed", "Task3Y.Z crashed with SIGSEGV
  /// (Segmentation fault)", "Task2A.B timed out after 15 s", ...
  std::string summary;
  /// The evidence, whole lines: the first failed assertion up to its end,
  /// a sanitizer report's first lines, or the last lines printed before a
  /// crash or a timeout. Paths under the source tree lose that prefix.
  std::vector<std::string> details;
};

/// Explains @p ending, the run of a check whose verdict is @p verdict
/// ("unit", "lifetime", "asan", "compile_fail", "fuzz", "program"). The
/// rules, first match wins:
/// - not started: why, from the output;
/// - timed out: "TEST timed out after N s" (TEST: the last GoogleTest test
///   that started and did not finish), then the last lines printed;
/// - killed by a signal: "TEST crashed with SIGNAME (description)", then
///   the last lines printed;
/// - a sanitizer report: its first line, stack frames #0 to #3 and its
///   SUMMARY line;
/// - a failed GoogleTest assertion: the first one, from its "file:line:
///   Failure" line to the line before the next GoogleTest status line, at
///   most 40 lines (a longer one says how many lines it left out), and the
///   other failed tests by name;
/// - a CMake script's error (compile_fail, fuzz): the message, unwrapped;
/// - a script's "FAILED: ..." line (program) and the lines after it;
/// - otherwise: the exit status and the last lines printed.
[[nodiscard]] Explanation explain(const Ending& ending,
                                  std::string_view verdict,
                                  const std::filesystem::path& source);

/// The first compiler (or linker) error in @p build_output, the output of
/// `cmake --build`: the "file:line:col: error: ..." line and the lines that
/// belong to it (the source line, the caret, notes), never the command
/// line; an "undefined reference" from the linker; a "CMake Error" with its
/// message; else the last lines. Paths under @p source lose that prefix.
[[nodiscard]] std::vector<std::string> first_build_error(
    std::string_view build_output, const std::filesystem::path& source);

/// The last GoogleTest test in @p output that printed "[ RUN      ] NAME"
/// and no result line after it: the test that was running when the
/// process ended. "" when there is none.
[[nodiscard]] std::string unfinished_test(std::string_view output);

}  // namespace ffikit::learn
