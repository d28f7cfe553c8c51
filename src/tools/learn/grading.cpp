#include "grading.hpp"

#include <algorithm>
#include <chrono>

#include "build.hpp"
#include "ctest_list.hpp"

namespace ffikit::learn {

LessonVerdict judge_lesson(const Context& context, const Lesson& lesson,
                           const std::map<std::string, Ending>& endings) {
  LessonVerdict verdict;
  for (const Task& task : lesson.tasks) {
    TaskVerdict& result = verdict.tasks[task.number];
    result.passed = !task.checks.empty();
    for (const Check& check : task.checks) {
      const auto found =
          endings.find(check_test_name(lesson, task, check, context.variant));
      if (found == endings.end()) {
        result.passed = false;
        Explanation missing;
        missing.summary =
            "this check is not registered in " + context.build.string() +
            "; configure it again (cmake " + context.build.string() + ")";
        result.failed.push_back({check.label(), missing});
        continue;
      }
      if (found->second.passed()) {
        continue;
      }
      result.passed = false;
      result.failed.push_back(
          {check.label(),
           explain(found->second, check.verdict, context.source)});
    }
  }
  return verdict;
}

std::map<std::string, LessonVerdict> grade(
    const Context& context, const std::vector<const Lesson*>& lessons,
    std::ostream& out) {
  std::map<std::string, LessonVerdict> verdicts;
  std::vector<const Lesson*> built;
  for (const Lesson* lesson : lessons) {
    const BuildResult build = build_target(
        context, "lesson" + lesson->id + "_" + context.variant + "_all",
        "lesson " + lesson->id, false, out);
    LessonVerdict& verdict = verdicts[lesson->id];
    verdict.seconds_build = build.seconds;
    if (!build.ok) {
      verdict.built = false;
      verdict.build_error = first_build_error(build.output, context.source);
      for (const Task& task : lesson->tasks) {
        verdict.tasks[task.number].passed = false;
      }
      continue;
    }
    built.push_back(lesson);
  }
  if (built.empty()) {
    return verdicts;
  }
  std::string pattern;
  for (const Lesson* lesson : built) {
    pattern += (pattern.empty() ? "" : "|") + lesson->id;
  }
  std::string error;
  const std::map<std::string, Command> tests =
      list_tests(context.build,
                 "^lesson(" + pattern + ")\\.task[0-9]+\\.[a-z_0-9-]+@" +
                     context.variant + "$",
                 error);
  if (!error.empty()) {
    out << "ffikit-learn: " << error << '\n';
  }
  std::vector<Command> commands;
  commands.reserve(tests.size());
  for (const auto& [name, command] : tests) {
    commands.push_back(command);
  }
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Ending> ran = run_commands(commands, context.jobs);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::map<std::string, Ending> endings;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    endings[commands[i].name] = ran[i];
  }
  for (const Lesson* lesson : built) {
    const double build_seconds = verdicts[lesson->id].seconds_build;
    verdicts[lesson->id] = judge_lesson(context, *lesson, endings);
    verdicts[lesson->id].seconds_build = build_seconds;
    verdicts[lesson->id].seconds_checks = seconds;
  }
  return verdicts;
}

bool all_passed(const LessonVerdict& verdict) {
  return !verdict.tasks.empty() &&
         std::all_of(verdict.tasks.begin(), verdict.tasks.end(),
                     [](const auto& item) { return item.second.passed; });
}

}  // namespace ffikit::learn
