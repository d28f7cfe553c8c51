#include "report.hpp"

#include "hints.hpp"

namespace ffikit::learn {
namespace {

constexpr const char* margin = "         ";

void print_lines(const std::vector<std::string>& lines, std::ostream& out) {
  for (const std::string& line : lines) {
    out << margin << "| " << line << '\n';
  }
}

}  // namespace

void print_lesson(const Context& context, const Lesson& lesson,
                  const LessonVerdict& verdict, bool with_hints,
                  std::ostream& out) {
  std::size_t passed = 0;
  for (const auto& [number, task] : verdict.tasks) {
    passed += task.passed ? 1U : 0U;
  }
  out << "Lesson " << lesson.id << ": " << lesson.title << "  (" << passed
      << "/" << lesson.tasks.size() << " tasks)\n";
  if (!verdict.built) {
    out << "  the code does not build; the compiler's first error:\n";
    print_lines(verdict.build_error, out);
  }
  for (const Task& task : lesson.tasks) {
    const auto found = verdict.tasks.find(task.number);
    const bool task_passed =
        found != verdict.tasks.end() && found->second.passed;
    out << (task_passed ? "  [pass] " : "  [FAIL] ") << "task " << task.number
        << ": " << task.title << '\n';
    if (task_passed) {
      continue;
    }
    if (!verdict.built) {
      out << margin << "not graded: the code does not build (see above)\n";
      continue;
    }
    if (found == verdict.tasks.end() || found->second.failed.empty()) {
      continue;
    }
    const std::vector<FailedCheck>& failed = found->second.failed;
    const FailedCheck& first = failed.front();
    out << margin << first.label << ": " << first.explanation.summary << '\n';
    print_lines(first.explanation.details, out);
    for (std::size_t i = 1; i < failed.size(); ++i) {
      out << margin << "also " << failed[i].label << ": "
          << failed[i].explanation.summary << '\n';
    }
    if (with_hints) {
      const int belongs = task_of_test(first.explanation.test);
      const int hint_task = belongs > 0 ? belongs : task.number;
      const std::string hint =
          hint_section(context, lesson, "Task " + std::to_string(hint_task));
      if (!hint.empty()) {
        out << margin << "hint (task " << hint_task << "):\n"
            << indent(hint, std::string(margin) + "  ");
      }
    }
  }
}

}  // namespace ffikit::learn
