#include "ffikit/check/report.hpp"

#include <charconv>

#include "ffikit/check/trace_format.hpp"

namespace ffikit::check {

std::string serialize(const Report& report) {
  std::string out = "ffikit-check-report 1\n";
  for (const Function function : all_functions) {
    out += "calls ";
    out += name(function);
    out += ' ' + std::to_string(report.calls_of(function)) + '\n';
  }
  out += report.fault_fired ? "fired 1\n" : "fired 0\n";
  for (const Finding& finding : report.violations) {
    out += "violation " + describe(finding) + '\n';
  }
  for (const Finding& finding : report.leaks) {
    out += "leak " + describe(finding) + '\n';
  }
  const std::string trace = format_trace(report.trace);
  std::size_t start = 0;
  while (start < trace.size()) {
    const std::size_t end = trace.find('\n', start);
    out += "trace " + trace.substr(start, end - start) + '\n';
    start = end + 1;
  }
  out += "end\n";
  return out;
}

std::optional<ReportSummary> parse_report(std::string_view text) {
  ReportSummary summary;
  bool seen = false;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    const std::size_t space = line.find(' ');
    const std::string_view key = line.substr(0, space);
    const std::string_view rest = space == std::string_view::npos
                                      ? std::string_view{}
                                      : line.substr(space + 1);
    if (key == "ffikit-check-report") {
      seen = true;
    } else if (key == "calls") {
      const std::size_t gap = rest.find(' ');
      const std::optional<Function> function =
          function_from_name(rest.substr(0, gap));
      std::size_t count = 0;
      const std::string_view number = rest.substr(gap + 1);
      std::from_chars(number.data(), number.data() + number.size(), count);
      if (function) {
        summary.calls[static_cast<std::size_t>(*function)] += count;
      }
    } else if (key == "fired") {
      summary.fault_fired = summary.fault_fired || rest == "1";
    } else if (key == "violation") {
      summary.violations.emplace_back(rest);
    } else if (key == "leak") {
      summary.leaks.emplace_back(rest);
    } else if (key == "trace") {
      summary.trace.emplace_back(rest);
    }
  }
  if (!seen) {
    return std::nullopt;
  }
  return summary;
}

}  // namespace ffikit::check
