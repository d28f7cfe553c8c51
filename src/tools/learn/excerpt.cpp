#include "excerpt.hpp"

#include <algorithm>
#include <array>
#include <sstream>
#include <vector>

namespace ffikit::learn {

bool is_useful(const std::string& line) {
  static const std::array<const char*, 12> marks = {
      ": Failure",     "ERROR: AddressSanitizer",
      "runtime error", "CMake Error",
      "FAILED:",       "error:",
      "Expected",      "left behind",
      "SUMMARY:",      "terminate called",
      "Aborted",       "what():"};
  return std::any_of(marks.begin(), marks.end(), [&line](const char* mark) {
    return line.find(mark) != std::string::npos;
  });
}

std::string excerpt(const std::filesystem::path& source,
                    const TestResult& result) {
  std::vector<std::string> lines;
  std::istringstream in(result.output);
  std::string line;
  const std::string prefix = source.string() + "/";
  while (std::getline(in, line)) {
    for (std::size_t at = 0; (at = line.find(prefix)) != std::string::npos;) {
      line.erase(at, prefix.size());
    }
    lines.push_back(line);
  }
  std::size_t first = lines.size();
  // A compiler's first error says more than the build tool's summary.
  for (std::size_t i = 0; i < lines.size() && first == lines.size(); ++i) {
    if (lines[i].find("error:") != std::string::npos) {
      first = i;
    }
  }
  for (std::size_t i = 0; i < lines.size() && first == lines.size(); ++i) {
    if (is_useful(lines[i])) {
      first = i;
    }
  }
  std::string out;
  if (first == lines.size()) {
    // Nothing recognisable (e.g. a crash): show the end of the output.
    first = lines.size() > 8 ? lines.size() - 8 : 0;
  } else {
    for (std::size_t i = first; i-- > 0;) {
      if (lines[i].rfind("[ RUN      ] ", 0) == 0) {
        out += "in " + lines[i].substr(13) + ":\n";
        break;
      }
    }
  }
  std::size_t shown = 0;
  for (std::size_t i = first; i < lines.size() && shown < 12; ++i) {
    static const std::array<const char*, 7> noise = {
        "[  FAILED  ]",
        "[       OK ]",
        "[----------]",
        "[==========]",
        "[  PASSED  ]",
        "[ RUN      ]",
        "Note: Google Test filter"};
    if (lines[i].empty() ||
        lines[i].find(" FAILED TEST") != std::string::npos ||
        std::any_of(noise.begin(), noise.end(), [&lines, i](const char* mark) {
          return lines[i].rfind(mark, 0) == 0;
        })) {
      continue;
    }
    out += lines[i] + '\n';
    ++shown;
  }
  if (out.empty()) {
    out = "the check failed (" +
          (result.message.empty() ? std::string("no status") : result.message) +
          ") and printed nothing; it probably crashed before its first line of "
          "output\n";
  } else if (!result.message.empty() && result.message != "Failed") {
    out += "(" + result.message + ")\n";
  }
  return out;
}

}  // namespace ffikit::learn
