#include "lesson.hpp"

#include <cctype>
#include <utility>

#include "json.hpp"
#include "text_file.hpp"

namespace ffikit::learn {
namespace {

// The stem of "mutants/close-retried-on-eintr.patch".
std::string stem(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  std::string_view name =
      slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.find('.');
  return std::string(name.substr(0, dot));
}

Task read_task(const Json& entry, int number) {
  Task task;
  task.number = number;
  task.title = entry.text("title");
  std::vector<std::string> seen;
  int position = 0;
  for (const Json& json : entry["checks"].array) {
    ++position;
    Check check;
    check.verdict = json.text("verdict");
    check.mode = json.text("mode");
    check.kind = check.verdict;
    for (const std::string& earlier : seen) {
      if (earlier == check.verdict) {
        check.kind = check.verdict + "-" + std::to_string(position);
      }
    }
    seen.push_back(check.verdict);
    task.checks.push_back(std::move(check));
  }
  for (const Json& json : entry["mutants"].array) {
    Mutant mutant;
    mutant.name = json.text("name");
    const std::string file = json.text("patch", json.text("with"));
    mutant.slug = stem(file);
    mutant.verdict = json.text("verdict");
    mutant.because = json.text("because");
    task.mutants.push_back(std::move(mutant));
  }
  return task;
}

}  // namespace

std::string Check::label() const {
  return mode.empty() ? verdict : verdict + " (" + mode + ")";
}

std::vector<Lesson> load_manifest(const std::filesystem::path& lessons_dir) {
  const Json manifest = parse_json(read_text(lessons_dir / "manifest.json"));
  std::vector<Lesson> lessons;
  for (const Json& entry : manifest["lessons"].array) {
    Lesson lesson;
    lesson.id = entry.text("id");
    lesson.title = entry.text("title");
    lesson.kit = entry.text("kit");
    lesson.student_files = entry.strings("student_files");
    int number = 0;
    for (const Json& task_entry : entry["tasks"].array) {
      lesson.tasks.push_back(read_task(task_entry, ++number));
    }
    lessons.push_back(std::move(lesson));
  }
  return lessons;
}

std::vector<ZooEntry> load_zoo(const std::filesystem::path& lessons_dir) {
  const Json manifest = parse_json(read_text(lessons_dir / "manifest.json"));
  std::vector<ZooEntry> zoo;
  for (const Json& entry : manifest["bug_zoo"].array) {
    ZooEntry item;
    item.id = entry.text("id");
    item.dir = entry.text("dir");
    item.title = entry.text("title");
    item.suite = entry.text("suite");
    item.verdict = entry.text("verdict");
    item.because = entry.text("because");
    zoo.push_back(std::move(item));
  }
  return zoo;
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

std::string check_test_name(const Lesson& lesson, const Task& task,
                            const Check& check, std::string_view variant) {
  return "lesson" + lesson.id + ".task" + std::to_string(task.number) + "." +
         check.kind + "@" + std::string(variant);
}

std::string mutant_test_name(const Lesson& lesson, const Task& task,
                             const Mutant& mutant) {
  return "lesson" + lesson.id + ".task" + std::to_string(task.number) +
         ".mutant." + mutant.slug;
}

int task_of_test(std::string_view test) {
  if (test.substr(0, 4) != "Task") {
    return 0;
  }
  int number = 0;
  std::size_t at = 4;
  for (; at < test.size() && at < 8 &&
         std::isdigit(static_cast<unsigned char>(test[at])) != 0;
       ++at) {
    number = number * 10 + (test[at] - '0');
  }
  return at == 4 ? 0 : number;
}

}  // namespace ffikit::learn
