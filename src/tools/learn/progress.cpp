#include "progress.hpp"

#include <fstream>

namespace ffikit::learn {

std::filesystem::path progress_file(const Context& context) {
  return student_root(context) / "progress.tsv";
}

Progress load_progress(const Context& context) {
  Progress progress;
  std::ifstream in(progress_file(context));
  std::string id;
  int task = 0;
  std::string state;
  while (in >> id >> task >> state) {
    progress[id][task] = state == "pass";
  }
  return progress;
}

void save_progress(const Context& context, const Progress& progress) {
  if (context.variant != "work") {
    return;  // only the student's own work counts as progress
  }
  std::filesystem::create_directories(progress_file(context).parent_path());
  std::ofstream out(progress_file(context), std::ios::trunc);
  for (const auto& [id, tasks] : progress) {
    for (const auto& [task, passed] : tasks) {
      out << id << '\t' << task << '\t' << (passed ? "pass" : "fail") << '\n';
    }
  }
}

std::size_t tasks_passed(const Progress& progress, const Lesson& lesson) {
  const auto found = progress.find(lesson.id);
  if (found == progress.end()) {
    return 0;
  }
  std::size_t count = 0;
  for (const Task& task : lesson.tasks) {
    const auto state = found->second.find(task.number);
    count += (state != found->second.end() && state->second) ? 1U : 0U;
  }
  return count;
}

const Lesson* first_unfinished(const std::vector<Lesson>& lessons,
                               const Progress& progress) {
  for (const Lesson& lesson : lessons) {
    if (tasks_passed(progress, lesson) < lesson.tasks.size()) {
      return &lesson;
    }
  }
  return nullptr;
}

}  // namespace ffikit::learn
