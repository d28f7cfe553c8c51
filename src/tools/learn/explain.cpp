#include "explain.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <initializer_list>
#include <sstream>

namespace ffikit::learn {
namespace {

constexpr std::string_view run_mark = "[ RUN      ] ";
constexpr std::size_t assertion_lines = 40;
constexpr std::size_t last_lines = 8;

std::vector<std::string> split_lines(std::string_view text,
                                     const std::filesystem::path& source) {
  std::vector<std::string> lines;
  const std::string prefix = source.empty() ? "" : source.string() + "/";
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    for (std::size_t at = 0; !prefix.empty() && (at = line.find(prefix, at)) !=
                                                    std::string::npos;) {
      line.erase(at, prefix.size());
    }
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

bool starts_with(std::string_view line, std::string_view prefix) {
  return line.substr(0, prefix.size()) == prefix;
}

bool contains(std::string_view line, std::string_view part) {
  return line.find(part) != std::string_view::npos;
}

// A GoogleTest line that ends an assertion's message.
bool is_status_line(std::string_view line) {
  static constexpr std::array<std::string_view, 6> marks = {
      "[ RUN      ]", "[       OK ]", "[  FAILED  ]",
      "[----------]", "[==========]", "[  PASSED  ]"};
  return std::any_of(marks.begin(), marks.end(), [line](std::string_view mark) {
    return starts_with(line, mark);
  });
}

bool is_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
}

// "FILE:LINE: Failure", or GoogleTest's "unknown file: Failure".
bool is_assertion_start(std::string_view line) {
  constexpr std::string_view mark = ": Failure";
  if (line.size() <= mark.size() ||
      line.substr(line.size() - mark.size()) != mark) {
    return false;
  }
  const std::string_view place = line.substr(0, line.size() - mark.size());
  const std::size_t colon = place.rfind(':');
  return place == "unknown file" ||
         (colon != std::string_view::npos && colon > 0 &&
          is_digits(place.substr(colon + 1)));
}

// A compiler's "FILE:LINE:COLUMN: KIND: ..." line whose KIND is one of
// @p kinds; FILE does not start with a space (a quoted source line does).
bool is_diagnostic(std::string_view line,
                   std::initializer_list<std::string_view> kinds) {
  if (line.empty() || line[0] == ' ') {
    return false;
  }
  for (const std::string_view kind : kinds) {
    const std::string mark = ": " + std::string(kind) + ": ";
    const std::size_t at = line.find(mark);
    if (at == std::string_view::npos) {
      continue;
    }
    const std::string_view place = line.substr(0, at);
    const std::size_t column = place.rfind(':');
    if (column == std::string_view::npos ||
        !is_digits(place.substr(column + 1))) {
      continue;
    }
    const std::size_t row = place.rfind(':', column - 1);
    if (row != std::string_view::npos && row > 0 &&
        is_digits(place.substr(row + 1, column - row - 1))) {
      return true;
    }
  }
  return false;
}

bool is_compiler_error(std::string_view line) {
  return is_diagnostic(line, {"error", "fatal error"});
}

// The last @p count non-empty lines before @p end, skipping GoogleTest's
// banners.
std::vector<std::string> tail(const std::vector<std::string>& lines,
                              std::size_t end, std::size_t count) {
  std::vector<std::string> kept;
  for (std::size_t i = end; i-- > 0 && kept.size() < count;) {
    if (lines[i].empty() || starts_with(lines[i], "[==========]") ||
        starts_with(lines[i], "[----------]") ||
        starts_with(lines[i], "Note: Google Test filter")) {
      continue;
    }
    kept.push_back(lines[i]);
  }
  std::reverse(kept.begin(), kept.end());
  return kept;
}

std::string test_of_run_line(std::string_view line) {
  return std::string(line.substr(run_mark.size()));
}

// The test that was running at line @p at: the nearest "[ RUN ]" above.
std::string test_at(const std::vector<std::string>& lines, std::size_t at) {
  for (std::size_t i = at + 1; i-- > 0;) {
    if (starts_with(lines[i], run_mark)) {
      return test_of_run_line(lines[i]);
    }
  }
  return {};
}

std::string seconds_text(double seconds) {
  std::array<char, 32> text{};
  // %g of a double never needs more than 32 characters.
  static_cast<void>(std::snprintf(text.data(), text.size(), "%g", seconds));
  return text.data();
}

std::vector<std::string> with_last_lines(std::vector<std::string> lines) {
  if (lines.empty()) {
    return {"(it printed nothing)"};
  }
  lines.insert(lines.begin(), "last lines it printed:");
  return lines;
}

// "Task1A.B", or "the check" when no test is known.
std::string who(const std::string& test) {
  return test.empty() ? "the check" : test;
}

bool explain_sanitizer(const std::vector<std::string>& lines,
                       Explanation& explanation) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const bool asan = contains(lines[i], "ERROR: AddressSanitizer") ||
                      contains(lines[i], "ERROR: LeakSanitizer");
    const bool ubsan = contains(lines[i], ": runtime error: ");
    if (!asan && !ubsan) {
      continue;
    }
    explanation.test = test_at(lines, i);
    const std::size_t colon = lines[i].find(asan ? "ERROR: " : "runtime error");
    explanation.summary =
        who(explanation.test) + ": " +
        lines[i].substr(colon == std::string::npos ? 0 : colon);
    explanation.details.push_back(lines[i]);
    int frames = 0;
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      const std::string& line = lines[j];
      const std::size_t hash = line.find_first_not_of(' ');
      if (hash != std::string::npos && line[hash] == '#' && frames < 4) {
        explanation.details.push_back(line);
        ++frames;
      } else if (starts_with(line, "SUMMARY: ")) {
        explanation.details.push_back(line);
        break;
      }
    }
    return true;
  }
  return false;
}

bool explain_assertion(const std::vector<std::string>& lines,
                       Explanation& explanation) {
  // The test's own assertions come first; the leak listener's findings
  // (a descriptor or mapping left behind) only when there is nothing else,
  // since they often follow from another task's unfinished part.
  std::size_t start = lines.size();
  std::size_t listener = lines.size();
  for (std::size_t i = 0; i < lines.size() && start == lines.size(); ++i) {
    if (!is_assertion_start(lines[i])) {
      continue;
    }
    if (contains(lines[i], "leak_listener.cpp:")) {
      listener = std::min(listener, i);
    } else {
      start = i;
    }
  }
  if (start == lines.size()) {
    start = listener;
  }
  if (start == lines.size()) {
    return false;
  }
  explanation.test = test_at(lines, start);
  explanation.summary = who(explanation.test) + " failed";
  std::size_t end = start + 1;
  while (end < lines.size() && !is_status_line(lines[end]) &&
         !is_assertion_start(lines[end])) {
    ++end;
  }
  while (end > start + 1 && lines[end - 1].empty()) {
    --end;
  }
  const std::size_t shown = std::min(end - start, assertion_lines);
  explanation.details.assign(
      lines.begin() + static_cast<std::ptrdiff_t>(start),
      lines.begin() + static_cast<std::ptrdiff_t>(start + shown));
  if (end - start > shown) {
    explanation.details.push_back("(" + std::to_string(end - start - shown) +
                                  " more lines of this assertion left out)");
  }
  // Other tests of the check that failed, from GoogleTest's closing list.
  std::vector<std::string> others;
  for (const std::string& line : lines) {
    if (starts_with(line, "[  FAILED  ] ") &&
        !contains(line, " tests, listed") && !contains(line, " test, listed")) {
      std::string name = line.substr(13);
      name = name.substr(0, name.find(' '));
      if (name != explanation.test &&
          std::find(others.begin(), others.end(), name) == others.end()) {
        others.push_back(name);
      }
    }
  }
  if (!others.empty()) {
    std::string also = "also failed:";
    for (const std::string& name : others) {
      also += " " + name;
    }
    explanation.details.push_back(also);
  }
  return true;
}

// A CMake script's FATAL_ERROR: the lines after "CMake Error at ...:",
// indented by two spaces and wrapped, up to the first empty line.
bool explain_cmake_error(const std::vector<std::string>& lines,
                         Explanation& explanation) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!starts_with(lines[i], "CMake Error")) {
      continue;
    }
    std::string message;
    std::size_t j = i + 1;
    for (; j < lines.size() && !lines[j].empty(); ++j) {
      const std::size_t text = lines[j].find_first_not_of(' ');
      if (text != std::string::npos) {
        message += (message.empty() ? "" : " ") + lines[j].substr(text);
      }
    }
    // Lines after the paragraph that carry a listing (a reproducer, a
    // compiler message) are kept whole.
    for (++j; j < lines.size() && !lines[j].empty() &&
              explanation.details.size() < assertion_lines;
         ++j) {
      explanation.details.push_back(lines[j]);
    }
    for (std::size_t twice = 0;
         (twice = message.find("  ")) != std::string::npos;) {
      message.erase(twice, 1);
    }
    explanation.summary = message;
    return true;
  }
  return false;
}

bool explain_script(const std::vector<std::string>& lines,
                    Explanation& explanation) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!starts_with(lines[i], "FAILED: ")) {
      continue;
    }
    explanation.summary = lines[i].substr(8);
    for (std::size_t j = i + 1;
         j < lines.size() && explanation.details.size() < assertion_lines;
         ++j) {
      if (!lines[j].empty()) {
        explanation.details.push_back(lines[j]);
      }
    }
    return true;
  }
  return false;
}

}  // namespace

std::string unfinished_test(std::string_view output) {
  const std::vector<std::string> lines = split_lines(output, {});
  std::string running;
  for (const std::string& line : lines) {
    if (starts_with(line, run_mark)) {
      running = test_of_run_line(line);
    } else if (!running.empty() &&
               (starts_with(line, "[       OK ] " + running) ||
                starts_with(line, "[  FAILED  ] " + running) ||
                starts_with(line, "[  SKIPPED ] " + running))) {
      running.clear();
    }
  }
  return running;
}

Explanation explain(const Ending& ending, std::string_view verdict,
                    const std::filesystem::path& source) {
  Explanation explanation;
  const std::vector<std::string> lines = split_lines(ending.output, source);
  if (!ending.started) {
    explanation.summary = "the check could not be started";
    explanation.details = tail(lines, lines.size(), last_lines);
    return explanation;
  }
  if (ending.timed_out || ending.signal != 0) {
    explanation.test = unfinished_test(ending.output);
    explanation.summary =
        who(explanation.test) +
        (ending.timed_out
             ? " timed out after " + seconds_text(ending.timeout) + " s"
             : " crashed with " + signal_text(ending.signal));
    explanation.details =
        with_last_lines(tail(lines, lines.size(), last_lines));
    return explanation;
  }
  if (explain_sanitizer(lines, explanation) ||
      explain_assertion(lines, explanation)) {
    return explanation;
  }
  if ((verdict == "compile_fail" || verdict == "fuzz") &&
      explain_cmake_error(lines, explanation)) {
    return explanation;
  }
  if (explain_script(lines, explanation)) {
    return explanation;
  }
  explanation.test = unfinished_test(ending.output);
  explanation.summary = who(explanation.test) + " ended with exit status " +
                        std::to_string(ending.exit_code);
  explanation.details = with_last_lines(tail(lines, lines.size(), last_lines));
  return explanation;
}

std::vector<std::string> first_build_error(
    std::string_view build_output, const std::filesystem::path& source) {
  const std::vector<std::string> lines = split_lines(build_output, source);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!is_compiler_error(lines[i])) {
      continue;
    }
    // "In file included from ..." lines just before it say where it came
    // from; the lines after it (source line, caret, notes) belong to it.
    std::size_t start = i;
    while (
        start > 0 && !lines[start - 1].empty() &&
        (starts_with(lines[start - 1], "In file included from") ||
         starts_with(lines[start - 1], "                 from ") ||
         (lines[start - 1][0] != ' ' && contains(lines[start - 1], ": In ")))) {
      --start;
    }
    std::vector<std::string> shown(
        lines.begin() + static_cast<std::ptrdiff_t>(start),
        lines.begin() + static_cast<std::ptrdiff_t>(i + 1));
    for (std::size_t j = i + 1; j < lines.size() && shown.size() < 20; ++j) {
      const std::string& line = lines[j];
      if (is_compiler_error(line) || starts_with(line, "FAILED: ") ||
          starts_with(line, "ninja: ") ||
          starts_with(line, "In file included") || starts_with(line, "[") ||
          contains(line, "errors generated") ||
          contains(line, "error generated") ||
          starts_with(line, "compilation terminated")) {
        break;
      }
      if (is_diagnostic(line, {"warning", "note"}) || starts_with(line, " ") ||
          contains(line, ": In ") || contains(line, ": note: ")) {
        shown.push_back(line);
      } else {
        break;
      }
    }
    return shown;
  }
  for (const std::string& line : lines) {
    if (contains(line, "undefined reference to") ||
        contains(line, "multiple definition of")) {
      return {line};
    }
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (starts_with(lines[i], "CMake Error")) {
      std::vector<std::string> shown{lines[i]};
      for (std::size_t j = i + 1; j < lines.size() && !lines[j].empty(); ++j) {
        shown.push_back(lines[j]);
      }
      return shown;
    }
  }
  std::vector<std::string> kept;
  for (const std::string& line : tail(lines, lines.size(), last_lines)) {
    if (!starts_with(line, "FAILED: ") && !contains(line, "-o ")) {
      kept.push_back(line);
    }
  }
  return kept;
}

}  // namespace ffikit::learn
