#include <algorithm>

#include "commands.hpp"

namespace ffikit::learn {

int command_list(const Context& context, Io io) {
  io.out << "| Lesson | Title | Tasks | Verdicts | Mutants | You edit | In "
            "the kit |\n"
         << "|---|---|---|---|---|---|---|\n";
  for (const Lesson& lesson : context.lessons) {
    std::vector<std::string> kinds;
    std::size_t mutants = 0;
    for (const Task& task : lesson.tasks) {
      mutants += task.mutants.size();
      for (const Check& check : task.checks) {
        if (std::find(kinds.begin(), kinds.end(), check.verdict) ==
            kinds.end()) {
          kinds.push_back(check.verdict);
        }
      }
    }
    std::string verdicts;
    for (const std::string& kind : kinds) {
      verdicts += (verdicts.empty() ? "" : ", ") + kind;
    }
    std::string files;
    for (const std::string& file : lesson.student_files) {
      files += (files.empty() ? "" : ", ") + ("`" + file + "`");
    }
    io.out << "| " << lesson.id << " | " << lesson.title << " | "
           << lesson.tasks.size() << " | " << verdicts << " | " << mutants
           << " | " << files << " | " << lesson.kit << " |\n";
  }
  return 0;
}

}  // namespace ffikit::learn
