/// @file
/// Reading the JUnit report CTest writes with --output-junit.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace ffikit::learn {

/// One test case of a JUnit report.
struct TestResult {
  bool passed = false;  ///< status="run": CTest ran it and it passed.
  std::string output;   ///< Its `<system-out>`, unescaped.
  std::string message;  ///< Its `<failure message="...">`, unescaped.
};

/// Reads CTest's JUnit report @p file: test name -> result. Any status other
/// than "run" (fail, notrun, disabled) is not passed; a skipped test has no
/// failure message. A later test case with the same name replaces an
/// earlier one. A self-closing case has no output or message of its own.
/// A missing file gives an empty map; a report cut off inside
/// a `<testcase>` start tag ends at the last whole one. Never throws on
/// malformed input.
[[nodiscard]] std::map<std::string, TestResult> read_junit(
    const std::filesystem::path& file);

}  // namespace ffikit::learn
