#include <array>
#include <chrono>
#include <cstdio>

#include "build.hpp"
#include "commands.hpp"
#include "grading.hpp"
#include "lock.hpp"
#include "progress.hpp"
#include "report.hpp"

namespace ffikit::learn {

int command_check(const Context& context, const Lesson& lesson, bool announce,
                  Io io) {
  if (!verify_lock(context, io.err) ||
      !ensure_configured(context, false, io.out, io.err)) {
    return 3;
  }
  if (announce) {
    io.out << "checking lesson " << lesson.id << " (" << context.variant
           << " code)...\n"
           << std::flush;
  }
  const auto start = std::chrono::steady_clock::now();
  const auto verdicts = grade(context, {&lesson}, io.out);
  const LessonVerdict& verdict = verdicts.at(lesson.id);
  print_lesson(context, lesson, verdict, true, io.out);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::array<char, 160> line{};
  // The text always fits: three numbers of a few digits each.
  static_cast<void>(
      std::snprintf(line.data(), line.size(),
                    "verdict in %.2f s (build %.2f s, checks %.2f s)\n",
                    seconds, verdict.seconds_build, verdict.seconds_checks));
  io.out << line.data();
  Progress progress = load_progress(context);
  for (const auto& [number, task] : verdict.tasks) {
    progress[lesson.id][number] = task.passed;
  }
  save_progress(context, progress);
  if (all_passed(verdict)) {
    io.out << "lesson " << lesson.id
           << " passes. To see the reference, run:\n  " << context.self
           << " solution " << lesson.id << '\n';
    return 0;
  }
  return 1;
}

}  // namespace ffikit::learn
