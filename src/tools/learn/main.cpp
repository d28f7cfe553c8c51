// ffikit-learn: the lessons' runner. This file reads the command line into a
// Context and hands it to one command (commands.hpp, one file each); the
// grading flow itself is in grading.cpp.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "build.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "lesson.hpp"
#include "progress.hpp"

namespace fs = std::filesystem;

namespace ffikit::learn {
namespace {

void usage(std::ostream& out, const std::string& self) {
  out << "usage: " << self
      << " [--build-dir DIR] [--variant work|starter|reference] COMMAND\n"
         "students:\n"
         "  progress                  lessons and tasks passed, and what to "
         "run next\n"
         "  check [LESSON]            build and grade one lesson (default: "
         "the first unfinished)\n"
         "  watch [LESSON] [--manual|--poll]\n"
         "                            check again on every save\n"
         "  hint [LESSON [TASK]]      the general hint and the next task's\n"
         "  reset LESSON [--yes]      start again from the starter (your "
         "files move to lessons/student/.trash/)\n"
         "  solution LESSON           the reference, once the lesson passes\n"
         "instructors and CI:\n"
         "  check-all [--junit FILE] [--expect pass|fail] [--release REF]\n"
         "                            grade every lesson headless; with "
         "--junit, also whether the\n"
         "                            graders match the commit they were "
         "released at\n"
         "  grade --submission DIR [--junit FILE] [--release REF]\n"
         "                            grade a student's files (and nothing "
         "else of theirs) with your graders\n"
         "  mutants [--table]         prove the graders: every mutant of "
         "every task must fail\n"
         "  lock --instructor         accept the graders as they are now "
         "(after changing a lesson)\n"
         "  list                      the lessons as a Markdown table "
         "(docs/lessons.md)\n"
         "Builds and checks use CMAKE_BUILD_PARALLEL_LEVEL jobs, or one per "
         "core.\n";
}

int main_checked(const std::string& self, std::vector<std::string> args) {
  Context context;
  context.self = self;
  const char* source = std::getenv("FFIKIT_SOURCE_DIR");
  context.source =
      source != nullptr ? fs::path(source) : fs::path(FFIKIT_LEARN_SOURCE_DIR);
  std::string build_dir;
  // Global options come before the command; "must-fail" passes everything
  // after "--" through untouched.
  for (auto it = args.begin(); it != args.end() && *it != "--";) {
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
  Io io{std::cin, std::cout, std::cerr};
  if (args.empty() || args[0] == "help" || args[0] == "--help") {
    usage(std::cout, self);
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  if (command == "must-fail") {
    return command_must_fail({args.begin() + 1, args.end()}, io);
  }
  context.source = fs::absolute(context.source);
  context.lessons_dir = context.source / "lessons";
  context.build = build_dir.empty() ? context.source / "build" / "learn"
                                    : fs::absolute(build_dir);
  context.jobs = build_jobs(std::getenv("CMAKE_BUILD_PARALLEL_LEVEL"),
                            std::thread::hardware_concurrency());
  if (context.variant != "work" && context.variant != "starter" &&
      context.variant != "reference") {
    std::cerr << "ffikit-learn: --variant must be work, starter or reference\n";
    return 2;
  }
  context.lessons = load_manifest(context.lessons_dir);
  const auto has_flag = [&args](std::string_view flag) {
    return std::find(args.begin(), args.end(), flag) != args.end();
  };
  const auto flag_value = [&args](std::string_view flag) -> std::string {
    const auto it = std::find(args.begin(), args.end(), flag);
    return (it != args.end() && it + 1 != args.end()) ? *(it + 1)
                                                      : std::string();
  };
  const auto lesson_arg = [&](bool default_to_current) -> const Lesson* {
    if (args.size() > 1 && args[1].rfind("--", 0) != 0) {
      const Lesson* lesson = find_lesson(context.lessons, args[1]);
      if (lesson == nullptr) {
        std::cerr << "ffikit-learn: no lesson " << args[1] << '\n';
      }
      return lesson;
    }
    if (!default_to_current) {
      std::cerr << "ffikit-learn: " << command << " needs a lesson number\n";
      return nullptr;
    }
    const Lesson* next =
        first_unfinished(context.lessons, load_progress(context));
    return next != nullptr ? next : &context.lessons.back();
  };
  GradeAllOptions grading;
  grading.junit = flag_value("--junit");
  grading.expect = flag_value("--expect");
  grading.release = flag_value("--release");
  if (!grading.junit.empty()) {
    grading.junit = fs::absolute(grading.junit).string();
  }

  if (command == "progress") return command_progress(context, io);
  if (command == "list") return command_list(context, io);
  if (command == "lock")
    return command_lock(context, has_flag("--instructor"), io);
  if (command == "mutants")
    return command_mutants(context, has_flag("--table"), io);
  if (command == "check-all") return command_check_all(context, grading, io);
  if (command == "grade") {
    if (build_dir.empty()) {
      context.build = context.source / "build" / "grade";
    }
    return command_grade(context, flag_value("--submission"), grading, io);
  }
  if (command == "check" || command == "watch" || command == "hint" ||
      command == "reset" || command == "solution") {
    const bool needs_explicit = command == "reset" || command == "solution";
    const Lesson* lesson = lesson_arg(!needs_explicit);
    if (lesson == nullptr) {
      return 2;
    }
    if (command == "check") return command_check(context, *lesson, true, io);
    if (command == "watch") {
      return command_watch(context, *lesson,
                           has_flag("--manual") ? "manual"
                           : has_flag("--poll") ? "poll"
                                                : "auto",
                           io);
    }
    if (command == "hint") {
      const int task =
          args.size() > 2
              ? static_cast<int>(std::strtol(args[2].c_str(), nullptr, 10))
              : 0;
      return command_hint(context, *lesson, task, io);
    }
    if (command == "reset")
      return command_reset(context, *lesson, has_flag("--yes"), io);
    return command_solution(context, *lesson, io);
  }
  usage(std::cerr, self);
  return 2;
}

}  // namespace
}  // namespace ffikit::learn

int main(int argc, char** argv) {
  const std::string self =
      argc > 0 && argv[0] != nullptr ? argv[0] : "ffikit-learn";
  try {
    return ffikit::learn::main_checked(
        self, std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& error) {
    std::cerr << "ffikit-learn: " << error.what() << '\n';
    return 2;
  }
}
