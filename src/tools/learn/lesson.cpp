#include "lesson.hpp"

#include <utility>

#include "json.hpp"
#include "text_file.hpp"

namespace ffikit::learn {

std::vector<Lesson> load_manifest(const std::filesystem::path& lessons_dir) {
  const Json manifest = parse_json(read_text(lessons_dir / "manifest.json"));
  std::vector<Lesson> lessons;
  for (const Json& entry : manifest["lessons"].array) {
    Lesson lesson;
    lesson.id = entry.text("id");
    lesson.title = entry.text("title");
    lesson.reference = entry.text("reference");
    lesson.student_files = entry.strings("student_files");
    int number = 0;
    for (const Json& task_entry : entry["tasks"].array) {
      Task task;
      task.number = ++number;
      task.title = task_entry.text("title");
      for (const Json& check : task_entry["checks"].array) {
        task.verdicts.push_back(check.text("verdict"));
      }
      lesson.tasks.push_back(std::move(task));
    }
    lessons.push_back(std::move(lesson));
  }
  return lessons;
}

const Lesson* find_lesson(const std::vector<Lesson>& lessons,
                          std::string_view id) {
  std::string wanted(id);
  if (wanted.size() == 1) {
    wanted.insert(0, "0");
  }
  for (const Lesson& lesson : lessons) {
    if (lesson.id == wanted) {
      return &lesson;
    }
  }
  return nullptr;
}

}  // namespace ffikit::learn
