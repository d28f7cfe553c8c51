#include "junit.hpp"

#include <utility>

#include "text_file.hpp"
#include "xml.hpp"

namespace ffikit::learn {

std::map<std::string, TestResult> read_junit(
    const std::filesystem::path& file) {
  std::map<std::string, TestResult> results;
  const std::string xml = read_text(file);
  std::size_t at = 0;
  while ((at = xml.find("<testcase ", at)) != std::string::npos) {
    const std::size_t tag_end = xml.find('>', at);
    if (tag_end == std::string::npos) {
      break;  // cut off inside the start tag: nothing more to read
    }
    const std::string tag = xml.substr(at, tag_end - at);
    const bool self_closing = xml[tag_end - 1] == '/';
    const std::size_t close =
        self_closing ? tag_end : xml.find("</testcase>", tag_end);
    // An empty element has no body; without this it would take the next
    // test case's failure and output as its own.
    const std::string body = self_closing
                                 ? std::string()
                                 : xml.substr(tag_end + 1, close - tag_end - 1);
    TestResult result;
    result.passed = attribute(tag, "status") == "run";
    const std::size_t failure = body.find("<failure");
    if (failure != std::string::npos) {
      result.message = attribute(
          body.substr(failure, body.find('>', failure) - failure), "message");
    }
    const std::size_t out_start = body.find("<system-out>");
    if (out_start != std::string::npos) {
      const std::size_t out_end = body.find("</system-out>", out_start);
      result.output =
          unescape_xml(body.substr(out_start + 12, out_end - out_start - 12));
    }
    results[attribute(tag, "name")] = std::move(result);
    at = close;
  }
  return results;
}

}  // namespace ffikit::learn
