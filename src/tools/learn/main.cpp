// ffikit-learn: the lessons' runner. It builds one lesson's graders (via
// CMake and CTest, from lessons/manifest.json), prints a verdict per task
// with the first useful lines of a failure and the matching hint, keeps the
// student's progress, watches for saves, and grades everything headless for
// instructors and CI.
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "context.hpp"
#include "excerpt.hpp"
#include "hints.hpp"
#include "junit.hpp"
#include "lesson.hpp"
#include "lock.hpp"
#include "progress.hpp"
#include "run.hpp"
#include "text_file.hpp"
#include "xml.hpp"

namespace fs = std::filesystem;

namespace ffikit::learn {
namespace {

using Clock = std::chrono::steady_clock;

// What grading found for one task.
struct TaskVerdict {
  bool passed = false;
  std::vector<std::string> failed;  // names of failed verdicts
  std::string excerpt;              // first useful lines of the first failure
};

struct LessonVerdict {
  std::map<int, TaskVerdict> tasks;
  double seconds_build = 0;
  double seconds_tests = 0;
  bool built = true;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// ---------------------------------------------------------------- build

std::string cached_variants(const Context& context) {
  std::istringstream in(read_text(context.build / "CMakeCache.txt"));
  std::string line;
  const std::string key = "FFIKIT_LESSON_VARIANTS:STRING=";
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) {
      return line.substr(key.size());
    }
  }
  return {};
}

bool ensure_configured(const Context& context) {
  const bool exists = fs::exists(context.build / "CMakeCache.txt");
  std::string variants = exists ? cached_variants(context) : "";
  std::istringstream list(variants);
  std::string item;
  while (std::getline(list, item, ';')) {
    if (item == context.variant) {
      return true;
    }
  }
  variants =
      variants.empty() ? context.variant : variants + ";" + context.variant;
  std::cout << "ffikit-learn: configuring " << context.build.string()
            << " for the '" << context.variant << "' code (first run only)...\n"
            << std::flush;
  std::vector<std::string> argv{"cmake",
                                "-S",
                                context.source.string(),
                                "-B",
                                context.build.string(),
                                "-DFFIKIT_LESSON_VARIANTS=" + variants};
  if (!exists) {
    argv.insert(argv.end(), {"-G", "Ninja", "-DCMAKE_BUILD_TYPE=Debug",
                             "-DFFIKIT_BUILD_DOCS=OFF"});
  }
  const Run configure = run(argv);
  if (configure.status != 0) {
    std::cerr << "ffikit-learn: cmake failed:\n" << configure.output;
    return false;
  }
  return true;
}

std::string test_prefix(const Lesson& lesson) {
  return "lesson" + lesson.id + ".task";
}

// Builds and grades @p lessons with CTest, one build per lesson so that a
// lesson that does not compile does not hide the others.
std::map<std::string, LessonVerdict> grade(
    const Context& context, const std::vector<const Lesson*>& lessons) {
  std::map<std::string, LessonVerdict> verdicts;
  std::string pattern;
  for (const Lesson* lesson : lessons) {
    LessonVerdict& verdict = verdicts[lesson->id];
    const auto start = Clock::now();
    const Run build =
        run({"cmake", "--build", context.build.string(), "--target",
             "lesson" + lesson->id + "_" + context.variant + "_all"});
    verdict.seconds_build = seconds_since(start);
    if (build.status != 0) {
      verdict.built = false;
      TestResult failed{false, build.output, "build failed"};
      for (const Task& task : lesson->tasks) {
        verdict.tasks[task.number] = {
            false, {"build"}, excerpt(context.source, failed)};
      }
      continue;
    }
    pattern += (pattern.empty() ? "" : "|") + lesson->id;
  }
  if (pattern.empty()) {
    return verdicts;
  }
  const fs::path junit =
      context.build / ("ffikit-learn-" + context.variant + ".xml");
  fs::remove(junit);
  const auto start = Clock::now();
  const Run tests = run({"ctest", "--test-dir", context.build.string(), "-R",
                         "^lesson(" + pattern + ")\\.task[0-9]+\\.[a-z_0-9]+@" +
                             context.variant + "$",
                         "-j2", "--output-junit", junit.string()});
  const double seconds = seconds_since(start);
  const std::map<std::string, TestResult> results = read_junit(junit);
  for (const Lesson* lesson : lessons) {
    LessonVerdict& verdict = verdicts[lesson->id];
    if (!verdict.built) {
      continue;
    }
    verdict.seconds_tests = seconds;
    for (const Task& task : lesson->tasks) {
      TaskVerdict& task_verdict = verdict.tasks[task.number];
      const std::string prefix =
          test_prefix(*lesson) + std::to_string(task.number) + ".";
      bool any = false;
      task_verdict.passed = true;
      for (const auto& [name, result] : results) {
        if (name.rfind(prefix, 0) != 0) {
          continue;
        }
        any = true;
        if (!result.passed) {
          task_verdict.passed = false;
          const std::string kind =
              name.substr(prefix.size(), name.find('@') - prefix.size());
          task_verdict.failed.push_back(kind);
          if (task_verdict.excerpt.empty()) {
            task_verdict.excerpt = excerpt(context.source, result);
          }
        }
      }
      if (!any) {
        task_verdict.passed = false;
        task_verdict.failed.push_back("missing");
        task_verdict.excerpt =
            "no check of this task ran; ctest said:\n" + tests.output;
      }
    }
  }
  return verdicts;
}

void print_lesson(const Context& context, const Lesson& lesson,
                  const LessonVerdict& verdict, bool with_hints) {
  std::size_t passed = 0;
  for (const auto& [number, task] : verdict.tasks) {
    passed += task.passed ? 1U : 0U;
  }
  std::cout << "Lesson " << lesson.id << ": " << lesson.title << "  (" << passed
            << "/" << lesson.tasks.size() << " tasks)\n";
  for (const Task& task : lesson.tasks) {
    const TaskVerdict& result = verdict.tasks.at(task.number);
    std::cout << (result.passed ? "  [pass] " : "  [FAIL] ") << "task "
              << task.number << ": " << task.title << '\n';
    if (result.passed) {
      continue;
    }
    std::string failed;
    for (const std::string& name : result.failed) {
      failed += (failed.empty() ? "" : ", ") + name;
    }
    std::cout << "         failed verdict: " << failed << '\n'
              << indent(result.excerpt, "         | ");
    if (with_hints) {
      const std::string hint =
          hint_section(context, lesson, "Task " + std::to_string(task.number));
      if (!hint.empty()) {
        std::cout << "         hint:\n" << indent(hint, "           ");
      }
    }
  }
}

void record(const Context& context, Progress& progress, const Lesson& lesson,
            const LessonVerdict& verdict) {
  for (const auto& [number, task] : verdict.tasks) {
    progress[lesson.id][number] = task.passed;
  }
  save_progress(context, progress);
}

// ---------------------------------------------------------------- commands

int command_progress(const Context& context) {
  const Progress progress = load_progress(context);
  std::size_t done_lessons = 0;
  std::size_t done_tasks = 0;
  std::size_t all_tasks = 0;
  for (const Lesson& lesson : context.lessons) {
    const std::size_t passed = tasks_passed(progress, lesson);
    done_tasks += passed;
    all_tasks += lesson.tasks.size();
    done_lessons += passed == lesson.tasks.size() ? 1U : 0U;
    std::cout << (passed == lesson.tasks.size() ? "  [done] " : "  [    ] ")
              << lesson.id << "  " << lesson.title << "  " << passed << "/"
              << lesson.tasks.size() << '\n';
  }
  std::cout << "lessons " << done_lessons << "/" << context.lessons.size()
            << ", tasks " << done_tasks << "/" << all_tasks << '\n';
  if (const Lesson* next = first_unfinished(context.lessons, progress)) {
    std::cout << "continue with lesson " << next->id << ": read lessons/"
              << next->id << "/README.md, edit lessons/student/" << next->id
              << "/, then run: ffikit-learn check " << next->id << '\n';
  } else {
    std::cout << "every lesson is done.\n";
  }
  return 0;
}

int check_one(const Context& context, const Lesson& lesson,
              bool quiet_header = false) {
  if (!verify_lock(context, std::cerr) || !ensure_configured(context)) {
    return 3;
  }
  if (!quiet_header) {
    std::cout << "checking lesson " << lesson.id << " (" << context.variant
              << " code)...\n"
              << std::flush;
  }
  const auto start = Clock::now();
  const auto verdicts = grade(context, {&lesson});
  const LessonVerdict& verdict = verdicts.at(lesson.id);
  print_lesson(context, lesson, verdict, true);
  std::printf("verdict in %.2f s (build %.2f s, graders %.2f s)\n",
              seconds_since(start), verdict.seconds_build,
              verdict.seconds_tests);
  Progress progress = load_progress(context);
  record(context, progress, lesson, verdict);
  const bool all =
      std::all_of(verdict.tasks.begin(), verdict.tasks.end(),
                  [](const auto& item) { return item.second.passed; });
  if (all) {
    std::cout << "lesson " << lesson.id << " passes. `ffikit-learn solution "
              << lesson.id << "` shows the reference.\n";
  }
  return all ? 0 : 1;
}

fs::path work_dir(const Context& context, const Lesson& lesson) {
  return context.lessons_dir / "student" / lesson.id;
}

std::optional<fs::file_time_type> newest_change(const Context& context,
                                                const Lesson& lesson) {
  std::optional<fs::file_time_type> newest;
  for (const std::string& file : lesson.student_files) {
    std::error_code error;
    const auto time =
        fs::last_write_time(work_dir(context, lesson) / file, error);
    if (!error && (!newest || time > *newest)) {
      newest = time;
    }
  }
  return newest;
}

int command_watch(const Context& context, const Lesson& lesson,
                  std::string mode) {
  check_one(context, lesson);
  int inotify = -1;
  if (mode == "auto") {
    // SAFETY: a fresh inotify instance owned by this function until exit.
    inotify = ::inotify_init1(IN_CLOEXEC);
    const std::string dir = work_dir(context, lesson).string();
    // SAFETY: dir is NUL-terminated; the watch lives as long as inotify.
    if (inotify < 0 ||
        ::inotify_add_watch(inotify, dir.c_str(),
                            IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
      std::cout << "file watching is not available here ("
                << std::strerror(errno)
                << "); checking for changes every second instead.\n";
      mode = "poll";
    } else {
      mode = "inotify";
    }
  }
  if (mode == "manual") {
    std::cout << "press Enter to check lesson " << lesson.id
              << " again, q and Enter to quit.\n";
    std::string line;
    while (std::getline(std::cin, line) && line != "q") {
      check_one(context, lesson);
    }
    return 0;
  }
  std::cout << "watching lessons/student/" << lesson.id << "/ (" << mode
            << "); save a file to re-check, Ctrl-C to stop.\n"
            << std::flush;
  auto last = newest_change(context, lesson);
  while (true) {
    if (mode == "inotify") {
      std::array<char, 4096> events{};
      // SAFETY: events is a writable buffer of the given size.
      if (::read(inotify, events.data(), events.size()) <= 0) {
        return 1;
      }
      // Editors save in bursts (write, rename, chmod): wait for quiet.
      pollfd more{inotify, POLLIN, 0};
      // SAFETY: one valid pollfd; the buffer is drained inside the loop.
      while (::poll(&more, 1, 100) > 0) {
        static_cast<void>(::read(inotify, events.data(), events.size()));
      }
    } else {
      ::usleep(500000);
      const auto now = newest_change(context, lesson);
      if (now == last) {
        continue;
      }
      last = now;
    }
    std::cout << "\n--- change seen, re-checking ---\n" << std::flush;
    check_one(context, lesson, true);
    std::cout << std::flush;
  }
}

int command_hint(const Context& context, const Lesson& lesson, int task) {
  if (task > 0) {
    std::cout << hint_section(context, lesson, "Task " + std::to_string(task))
              << '\n';
    return 0;
  }
  std::cout << "Lesson " << lesson.id << ": " << lesson.title << "\n\n"
            << hint_section(context, lesson, "General") << '\n';
  const Progress progress = load_progress(context);
  const auto found = progress.find(lesson.id);
  for (const Task& t : lesson.tasks) {
    const bool passed = found != progress.end() &&
                        found->second.count(t.number) != 0 &&
                        found->second.at(t.number);
    if (!passed) {
      std::cout << "\nTask " << t.number << " (" << t.title << "):\n"
                << hint_section(context, lesson,
                                "Task " + std::to_string(t.number))
                << '\n';
      break;
    }
  }
  return 0;
}

int command_reset(const Context& context, const Lesson& lesson) {
  fs::create_directories(work_dir(context, lesson));
  for (const std::string& file : lesson.student_files) {
    const fs::path target = work_dir(context, lesson) / file;
    fs::copy_file(context.lessons_dir / lesson.id / "starter" / file, target,
                  fs::copy_options::overwrite_existing);
    fs::last_write_time(target, fs::file_time_type::clock::now());
    std::cout << "restored lessons/student/" << lesson.id << "/" << file
              << " from the starter\n";
  }
  Progress progress = load_progress(context);
  progress.erase(lesson.id);
  save_progress(context, progress);
  return 0;
}

int command_solution(const Context& context, const Lesson& lesson) {
  const Progress progress = load_progress(context);
  if (tasks_passed(progress, lesson) < lesson.tasks.size()) {
    std::cout << "lesson " << lesson.id << " is not passed yet ("
              << tasks_passed(progress, lesson) << "/" << lesson.tasks.size()
              << " tasks). The solution opens once `ffikit-learn check "
              << lesson.id << "` passes every task.\n";
    return 1;
  }
  std::cout << "Reference for lesson " << lesson.id << ": " << lesson.reference
            << "\n";
  const fs::path dir = context.lessons_dir / lesson.id / "solution";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::cout << "\n===== lessons/" << lesson.id << "/solution/"
              << file.filename().string() << " =====\n"
              << read_text(file);
  }
  return 0;
}

int command_check_all(const Context& context, const std::string& junit,
                      const std::string& expect) {
  if (!verify_lock(context, std::cerr) || !ensure_configured(context)) {
    return 3;
  }
  std::vector<const Lesson*> all;
  for (const Lesson& lesson : context.lessons) {
    all.push_back(&lesson);
  }
  const auto start = Clock::now();
  const auto verdicts = grade(context, all);
  std::size_t passed = 0;
  std::size_t total = 0;
  std::vector<std::string> unexpected;
  std::ostringstream xml;
  for (const Lesson& lesson : context.lessons) {
    const LessonVerdict& verdict = verdicts.at(lesson.id);
    print_lesson(context, lesson, verdict, false);
    std::size_t failures = 0;
    std::ostringstream cases;
    for (const Task& task : lesson.tasks) {
      const TaskVerdict& result = verdict.tasks.at(task.number);
      ++total;
      passed += result.passed ? 1U : 0U;
      failures += result.passed ? 0U : 1U;
      if (result.passed != (expect != "fail")) {
        unexpected.push_back("lesson" + lesson.id + ".task" +
                             std::to_string(task.number) +
                             (result.passed ? " passed" : " failed"));
      }
      cases << "    <testcase classname=\"lesson" << lesson.id
            << "\" name=\"task" << task.number << ": " << escape_xml(task.title)
            << "\">\n";
      if (!result.passed) {
        std::string failed;
        for (const std::string& name : result.failed) {
          failed += (failed.empty() ? "" : ", ") + name;
        }
        cases << "      <failure message=\"failed verdict: "
              << escape_xml(failed) << "\">" << escape_xml(result.excerpt)
              << "</failure>\n";
      }
      cases << "    </testcase>\n";
    }
    xml << "  <testsuite name=\"lesson" << lesson.id << ": "
        << escape_xml(lesson.title) << "\" tests=\"" << lesson.tasks.size()
        << "\" failures=\"" << failures << "\">\n"
        << cases.str() << "  </testsuite>\n";
    if (context.variant == "work") {
      Progress progress = load_progress(context);
      record(context, progress, lesson, verdict);
    }
  }
  if (!junit.empty()) {
    std::ofstream out(junit, std::ios::trunc);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "
           "name=\"ffikit lessons ("
        << context.variant << ")\" tests=\"" << total << "\" failures=\""
        << (total - passed) << "\">\n"
        << xml.str() << "</testsuites>\n";
  }
  std::printf("%s code: %zu of %zu tasks pass (%zu lessons) in %.1f s\n",
              context.variant.c_str(), passed, total, context.lessons.size(),
              seconds_since(start));
  if (!unexpected.empty()) {
    std::cout << "expected every task to "
              << (expect == "fail" ? "fail" : "pass") << ", but:\n";
    for (const std::string& line : unexpected) {
      std::cout << "  " << line << '\n';
    }
    return 1;
  }
  return 0;
}

// The lesson table of docs/lessons.md, from the manifest.
int command_list(const Context& context) {
  std::cout << "| Lesson | Title | Tasks | Verdicts | You edit | Reference |\n"
            << "|---|---|---|---|---|---|\n";
  for (const Lesson& lesson : context.lessons) {
    std::vector<std::string> kinds;
    for (const Task& task : lesson.tasks) {
      for (const std::string& verdict : task.verdicts) {
        if (std::find(kinds.begin(), kinds.end(), verdict) == kinds.end()) {
          kinds.push_back(verdict);
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
    std::cout << "| " << lesson.id << " | " << lesson.title << " | "
              << lesson.tasks.size() << " | " << verdicts << " | " << files
              << " | " << lesson.reference << " |\n";
  }
  return 0;
}

void usage() {
  std::cout
      << "usage: ffikit-learn [--build-dir DIR] [--variant "
         "work|starter|reference] COMMAND\n"
         "  progress                 lessons and tasks done, and where to "
         "continue\n"
         "  check [LESSON]           build and grade one lesson (default: "
         "first unfinished)\n"
         "  watch [LESSON] [--manual|--poll]\n"
         "                           re-check on every save (inotify; polling "
         "or Enter as fallback)\n"
         "  hint [LESSON [TASK]]     the general hint and the next unfinished "
         "task's hint\n"
         "  reset LESSON             restore lessons/student/LESSON from the "
         "starter\n"
         "  solution LESSON          the reference, once the lesson passes\n"
         "  check-all [--junit FILE] [--expect pass|fail]\n"
         "                           grade every lesson headless (instructors, "
         "CI)\n"
         "  lock                     instructors: record the grader files' "
         "checksums\n"
         "  list                     the lessons as a Markdown table "
         "(docs/lessons.md)\n";
}

int main_checked(std::vector<std::string> args) {
  Context context;
  const char* source = std::getenv("FFIKIT_SOURCE_DIR");
  context.source =
      source != nullptr ? fs::path(source) : fs::path(FFIKIT_LEARN_SOURCE_DIR);
  std::string build_dir;
  for (auto it = args.begin(); it != args.end();) {
    if ((*it == "--build-dir" || *it == "--variant" || *it == "--source") &&
        it + 1 != args.end()) {
      if (*it == "--build-dir") build_dir = *(it + 1);
      if (*it == "--variant") context.variant = *(it + 1);
      if (*it == "--source") context.source = *(it + 1);
      it = args.erase(it, it + 2);
    } else {
      ++it;
    }
  }
  context.source = fs::absolute(context.source);
  context.lessons_dir = context.source / "lessons";
  context.build = build_dir.empty() ? context.source / "build" / "learn"
                                    : fs::absolute(build_dir);
  if (context.variant != "work" && context.variant != "starter" &&
      context.variant != "reference") {
    std::cerr << "ffikit-learn: --variant must be work, starter or reference\n";
    return 2;
  }
  if (args.empty() || args[0] == "help" || args[0] == "--help") {
    usage();
    return args.empty() ? 2 : 0;
  }
  context.lessons = load_manifest(context.lessons_dir);
  const std::string command = args[0];
  const Progress progress = load_progress(context);
  auto lesson_arg = [&](std::size_t index,
                        bool default_to_current) -> const Lesson* {
    if (args.size() > index && args[index].rfind("--", 0) != 0) {
      const Lesson* lesson = find_lesson(context.lessons, args[index]);
      if (lesson == nullptr) {
        std::cerr << "ffikit-learn: no lesson " << args[index] << '\n';
      }
      return lesson;
    }
    if (!default_to_current) {
      std::cerr << "ffikit-learn: " << command << " needs a lesson number\n";
      return nullptr;
    }
    const Lesson* next = first_unfinished(context.lessons, progress);
    return next != nullptr ? next : &context.lessons.back();
  };
  auto has_flag = [&args](std::string_view flag) {
    return std::find(args.begin(), args.end(), flag) != args.end();
  };
  auto flag_value = [&args](std::string_view flag) -> std::string {
    const auto it = std::find(args.begin(), args.end(), flag);
    return (it != args.end() && it + 1 != args.end()) ? *(it + 1)
                                                      : std::string();
  };

  if (command == "progress") {
    return command_progress(context);
  }
  if (command == "list") {
    return command_list(context);
  }
  if (command == "lock") {
    return write_lock(context, std::cout, std::cerr);
  }
  if (command == "check-all") {
    return command_check_all(
        context, flag_value("--junit"),
        has_flag("--expect") ? flag_value("--expect") : "pass");
  }
  if (command == "check" || command == "watch" || command == "hint" ||
      command == "reset" || command == "solution") {
    const bool needs_explicit = command == "reset" || command == "solution";
    const Lesson* lesson = lesson_arg(1, !needs_explicit);
    if (lesson == nullptr) {
      return 2;
    }
    if (command == "check") return check_one(context, *lesson);
    if (command == "watch") {
      return command_watch(context, *lesson,
                           has_flag("--manual") ? "manual"
                           : has_flag("--poll") ? "poll"
                                                : "auto");
    }
    if (command == "hint") {
      const int task =
          args.size() > 2
              ? static_cast<int>(std::strtol(args[2].c_str(), nullptr, 10))
              : 0;
      return command_hint(context, *lesson, task);
    }
    if (command == "reset") return command_reset(context, *lesson);
    return command_solution(context, *lesson);
  }
  usage();
  return 2;
}

}  // namespace
}  // namespace ffikit::learn

int main(int argc, char** argv) {
  try {
    return ffikit::learn::main_checked(
        std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& error) {
    std::cerr << "ffikit-learn: " << error.what() << '\n';
    return 2;
  }
}
