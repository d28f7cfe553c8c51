#include "commands.hpp"
#include "hints.hpp"
#include "progress.hpp"

namespace ffikit::learn {

int command_hint(const Context& context, const Lesson& lesson, int task,
                 Io io) {
  if (task > 0) {
    io.out << hint_section(context, lesson, "Task " + std::to_string(task))
           << '\n';
    return 0;
  }
  io.out << "Lesson " << lesson.id << ": " << lesson.title << "\n\n"
         << hint_section(context, lesson, "General") << '\n';
  const Progress progress = load_progress(context);
  const auto found = progress.find(lesson.id);
  for (const Task& t : lesson.tasks) {
    const bool passed = found != progress.end() &&
                        found->second.count(t.number) != 0 &&
                        found->second.at(t.number);
    if (!passed) {
      io.out << "\nTask " << t.number << " (" << t.title << "):\n"
             << hint_section(context, lesson,
                             "Task " + std::to_string(t.number))
             << '\n';
      break;
    }
  }
  return 0;
}

}  // namespace ffikit::learn
