#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "build.hpp"
#include "commands.hpp"
#include "grading.hpp"
#include "integrity.hpp"
#include "junit.hpp"
#include "lock.hpp"
#include "progress.hpp"
#include "report.hpp"

namespace ffikit::learn {

int command_check_all(const Context& context, const GradeAllOptions& options,
                      Io io) {
  const bool instructor = options.instructor || !options.junit.empty();
  Integrity integrity;
  if (instructor) {
    // Grade whatever the graders are, and say plainly whether they are the
    // released ones: a refusal would leave the LMS with no report at all.
    integrity = verify_release(context, options.release);
    io.out << integrity.summary() << '\n' << integrity.listing();
    std::ostringstream lock_findings;
    if (!verify_lock(context, lock_findings)) {
      io.out << "warning: " << lock_findings.str();
    }
  } else if (!verify_lock(context, io.err)) {
    return 3;
  }
  if (!ensure_configured(context, false, io.out, io.err)) {
    return 3;
  }
  std::vector<const Lesson*> all;
  for (const Lesson& lesson : context.lessons) {
    all.push_back(&lesson);
  }
  const auto start = std::chrono::steady_clock::now();
  const auto verdicts = grade(context, all, io.out);
  std::size_t passed = 0;
  std::size_t total = 0;
  std::vector<std::string> unexpected;
  for (const Lesson& lesson : context.lessons) {
    const LessonVerdict& verdict = verdicts.at(lesson.id);
    print_lesson(context, lesson, verdict, false, io.out);
    for (const Task& task : lesson.tasks) {
      const bool task_passed = verdict.tasks.at(task.number).passed;
      ++total;
      passed += task_passed ? 1U : 0U;
      if (!options.expect.empty() &&
          task_passed != (options.expect == "pass")) {
        unexpected.push_back("lesson" + lesson.id + ".task" +
                             std::to_string(task.number) +
                             (task_passed ? " passed" : " failed"));
      }
    }
    if (context.variant == "work") {
      Progress progress = load_progress(context);
      for (const auto& [number, task] : verdict.tasks) {
        progress[lesson.id][number] = task.passed;
      }
      save_progress(context, progress);
    }
  }
  if (!options.junit.empty()) {
    std::ofstream out(options.junit, std::ios::trunc);
    out << junit_report(context.lessons, verdicts, context.variant, integrity);
  }
  std::array<char, 160> line{};
  // The text always fits: counts and times of a few digits each.
  static_cast<void>(std::snprintf(
      line.data(), line.size(),
      "%s code: %zu of %zu tasks pass (%zu lessons) in %.1f s\n",
      context.variant.c_str(), passed, total, context.lessons.size(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count()));
  io.out << line.data();
  int status = 0;
  if (!unexpected.empty()) {
    io.out << "expected every task to " << options.expect << ", but:\n";
    for (const std::string& task : unexpected) {
      io.out << "  " << task << '\n';
    }
    status = 1;
  }
  if (instructor && integrity.state == Integrity::State::differs) {
    io.out << "the graders are not the released ones: " << integrity.summary()
           << '\n';
    status = 1;
  }
  return status;
}

}  // namespace ffikit::learn
