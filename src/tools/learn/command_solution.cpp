#include <algorithm>
#include <filesystem>

#include "build.hpp"
#include "commands.hpp"
#include "grading.hpp"
#include "lock.hpp"
#include "progress.hpp"
#include "text_file.hpp"

namespace fs = std::filesystem;

namespace ffikit::learn {

int command_solution(const Context& context, const Lesson& lesson, Io io) {
  // The recorded progress is only a note: grade the code as it is now.
  if (!verify_lock(context, io.err) ||
      !ensure_configured(context, false, io.out, io.err)) {
    return 3;
  }
  io.out << "grading lesson " << lesson.id
         << " first: the reference opens once every task passes...\n"
         << std::flush;
  const auto verdicts = grade(context, {&lesson}, io.out);
  const LessonVerdict& verdict = verdicts.at(lesson.id);
  Progress progress = load_progress(context);
  std::size_t passed = 0;
  for (const auto& [number, task] : verdict.tasks) {
    progress[lesson.id][number] = task.passed;
    passed += task.passed ? 1U : 0U;
  }
  save_progress(context, progress);
  if (!all_passed(verdict)) {
    io.out << "lesson " << lesson.id << " does not pass yet (" << passed << "/"
           << lesson.tasks.size() << " tasks). To see why, run:\n  "
           << context.self << " check " << lesson.id << '\n';
    return 1;
  }
  const fs::path dir = context.lessons_dir / lesson.id / "solution";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  io.out << "Reference for lesson " << lesson.id << ": " << lesson.title
         << '\n';
  for (const fs::path& file : files) {
    io.out << "\n===== lessons/" << lesson.id << "/solution/"
           << file.filename().string() << " =====\n"
           << read_text(file);
  }
  io.out << "\nThe kit's own version: " << lesson.kit << '\n';
  return 0;
}

}  // namespace ffikit::learn
