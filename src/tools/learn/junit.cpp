#include "junit.hpp"

#include <sstream>

#include "xml.hpp"

namespace ffikit::learn {
namespace {

std::string integrity_suite(const Integrity& integrity) {
  std::ostringstream xml;
  const bool failed = integrity.state == Integrity::State::differs;
  xml << "  <testsuite name=\"grader integrity\" tests=\"1\" failures=\""
      << (failed ? 1 : 0) << "\">\n"
      << "    <testcase classname=\"integrity\" name=\""
      << escape_xml(integrity.title()) << "\">\n";
  if (failed) {
    xml << "      <failure message=\"" << escape_xml(integrity.summary())
        << "\">" << escape_xml(integrity.listing()) << "</failure>\n";
  } else if (integrity.state == Integrity::State::unknown) {
    xml << "      <skipped message=\"" << escape_xml(integrity.summary())
        << "\"/>\n";
  }
  xml << "    </testcase>\n  </testsuite>\n";
  return xml.str();
}

}  // namespace

std::string junit_report(const std::vector<Lesson>& lessons,
                         const std::map<std::string, LessonVerdict>& verdicts,
                         const std::string& variant,
                         const Integrity& integrity) {
  std::ostringstream xml;
  std::size_t total = 1;
  std::size_t failures = integrity.state == Integrity::State::differs ? 1 : 0;
  std::ostringstream suites;
  for (const Lesson& lesson : lessons) {
    const auto found = verdicts.find(lesson.id);
    std::size_t lesson_failures = 0;
    std::ostringstream cases;
    for (const Task& task : lesson.tasks) {
      ++total;
      const TaskVerdict* result = nullptr;
      if (found != verdicts.end()) {
        const auto task_found = found->second.tasks.find(task.number);
        if (task_found != found->second.tasks.end()) {
          result = &task_found->second;
        }
      }
      cases << "    <testcase classname=\"lesson" << lesson.id
            << "\" name=\"task" << task.number << ": " << escape_xml(task.title)
            << "\">\n";
      if (result == nullptr || !result->passed) {
        ++lesson_failures;
        std::string message = "not graded";
        std::string body;
        if (found != verdicts.end() && !found->second.built) {
          message = "the code does not build";
          for (const std::string& line : found->second.build_error) {
            body += line + "\n";
          }
        } else if (result != nullptr && !result->failed.empty()) {
          const FailedCheck& first = result->failed.front();
          message = first.label + ": " + first.explanation.summary;
          for (const std::string& line : first.explanation.details) {
            body += line + "\n";
          }
        }
        cases << "      <failure message=\"" << escape_xml(message) << "\">"
              << escape_xml(body) << "</failure>\n";
      }
      cases << "    </testcase>\n";
    }
    failures += lesson_failures;
    suites << "  <testsuite name=\"lesson" << lesson.id << ": "
           << escape_xml(lesson.title) << "\" tests=\"" << lesson.tasks.size()
           << "\" failures=\"" << lesson_failures << "\">\n"
           << cases.str() << "  </testsuite>\n";
  }
  xml << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"ffikit lessons (" << escape_xml(variant)
      << ")\" tests=\"" << total << "\" failures=\"" << failures << "\">\n"
      << integrity_suite(integrity) << suites.str() << "</testsuites>\n";
  return xml.str();
}

}  // namespace ffikit::learn
