#include "commands.hpp"
#include "progress.hpp"

namespace ffikit::learn {

int command_progress(const Context& context, Io io) {
  const Progress progress = load_progress(context);
  std::size_t done_lessons = 0;
  std::size_t done_tasks = 0;
  std::size_t all_tasks = 0;
  for (const Lesson& lesson : context.lessons) {
    const std::size_t passed = tasks_passed(progress, lesson);
    done_tasks += passed;
    all_tasks += lesson.tasks.size();
    done_lessons += passed == lesson.tasks.size() ? 1U : 0U;
    io.out << (passed == lesson.tasks.size() ? "  [done] " : "  [    ] ")
           << lesson.id << "  " << lesson.title << "  " << passed << "/"
           << lesson.tasks.size() << '\n';
  }
  io.out << "lessons " << done_lessons << "/" << context.lessons.size()
         << ", tasks " << done_tasks << "/" << all_tasks
         << " (as last checked)\n";
  if (const Lesson* next = first_unfinished(context.lessons, progress)) {
    io.out << "continue with lesson " << next->id << ": read lessons/"
           << next->id << "/README.md, edit your copy in lessons/student/"
           << next->id << "/, then run:\n  " << context.self << " check "
           << next->id << '\n';
  } else {
    io.out << "every lesson is done.\n";
  }
  return 0;
}

}  // namespace ffikit::learn
