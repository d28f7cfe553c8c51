/// @file
/// The checks CTest knows, as commands the runner can run itself: CTest's
/// own report of a test that crashed or hung says neither which signal nor
/// that it timed out, so the runner asks CTest only what to run.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "executor.hpp"

namespace ffikit::learn {

/// Reads the output of `ctest --show-only=json-v1`: test name -> command,
/// with its ENVIRONMENT, WORKING_DIRECTORY and TIMEOUT properties.
/// @throws JsonError when @p json is not valid JSON.
[[nodiscard]] std::map<std::string, Command> parse_ctest_tests(
    std::string_view json);

/// Asks CTest in @p build for the tests whose names match @p regex.
/// @return the tests, or an empty map after writing CTest's complaint to
///         @p error.
[[nodiscard]] std::map<std::string, Command> list_tests(
    const std::filesystem::path& build, const std::string& regex,
    std::string& error);

}  // namespace ffikit::learn
