// Loading the manifest into lessons, and finding a lesson by id.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "ffikit/test_support/temp_dir.hpp"
#include "json.hpp"
#include "lesson.hpp"
#include "tree.hpp"

namespace {

using ffikit::learn::check_test_name;
using ffikit::learn::find_lesson;
using ffikit::learn::JsonError;
using ffikit::learn::Lesson;
using ffikit::learn::load_manifest;
using ffikit::learn::load_zoo;
using ffikit::learn::mutant_test_name;
using ffikit::learn::task_of_test;
using ffikit::learn::testing::put;
using ffikit::test_support::TempDir;

TEST(LoadManifest, ReadsLessonsAndNumbersTasksFromOne) {
  const TempDir dir;
  put(dir.path(), "manifest.json", R"({"lessons": [
    {"id": "01", "title": "Raw fds", "kit": "src/stage1_raw",
     "student_files": ["fd.cpp", 7, "fd.hpp"],
     "tasks": [
       {"title": "open", "checks": [{"verdict": "unit"}, {"verdict": "asan"}]},
       {"title": "close", "checks": []}
     ]},
    {"id": "02", "title": "RAII"}
  ]})");
  const std::vector<Lesson> lessons = load_manifest(dir.path());
  ASSERT_EQ(lessons.size(), 2U);
  const Lesson& first = lessons[0];
  EXPECT_EQ(first.id, "01");
  EXPECT_EQ(first.title, "Raw fds");
  EXPECT_EQ(first.kit, "src/stage1_raw");
  EXPECT_EQ(first.student_files,
            (std::vector<std::string>{"fd.cpp", "fd.hpp"}));
  ASSERT_EQ(first.tasks.size(), 2U);
  EXPECT_EQ(first.tasks[0].number, 1);
  EXPECT_EQ(first.tasks[0].title, "open");
  ASSERT_EQ(first.tasks[0].checks.size(), 2U);
  EXPECT_EQ(first.tasks[0].checks[1].verdict, "asan");
  EXPECT_EQ(first.tasks[1].number, 2);
  EXPECT_TRUE(first.tasks[1].checks.empty());
  EXPECT_EQ(lessons[1].kit, "");
  EXPECT_TRUE(lessons[1].tasks.empty());
  EXPECT_TRUE(lessons[1].student_files.empty());
}

TEST(LoadManifest, RepeatedVerdictsGetTheirPositionAsCMakeNamesThem) {
  const TempDir dir;
  put(dir.path(), "manifest.json", R"({"lessons": [{"id": "10", "tasks": [
    {"checks": [{"verdict": "program", "mode": "faults"},
                {"verdict": "unit"},
                {"verdict": "program", "mode": "faultrun"}]}]}]})");
  const Lesson lesson = load_manifest(dir.path()).front();
  const auto& checks = lesson.tasks[0].checks;
  EXPECT_EQ(checks[0].kind, "program");
  EXPECT_EQ(checks[2].kind, "program-3");
  EXPECT_EQ(checks[2].label(), "program (faultrun)");
  EXPECT_EQ(checks[1].label(), "unit");
  EXPECT_EQ(check_test_name(lesson, lesson.tasks[0], checks[2], "work"),
            "lesson10.task1.program-3@work");
}

TEST(LoadManifest, MutantsAreNamedByTheirFileStem) {
  const TempDir dir;
  put(dir.path(), "manifest.json", R"({"lessons": [{"id": "02", "tasks": [
    {"mutants": [
      {"name": "close retried on EINTR",
       "patch": "mutants/close-retried-on-eintr.patch",
       "verdict": "lifetime", "because": "double close"},
      {"name": "blocks", "replace": "cat.cpp", "with": "mutants/blocks.cpp",
       "verdict": "program", "because": "3 s"}]}]}],
    "bug_zoo": [{"id": "04", "dir": "04-close", "title": "close retried",
                 "suite": "Zoo04", "verdict": "lifetime",
                 "because": "double close"}]})");
  const Lesson lesson = load_manifest(dir.path()).front();
  const auto& mutants = lesson.tasks[0].mutants;
  ASSERT_EQ(mutants.size(), 2U);
  EXPECT_EQ(mutants[0].slug, "close-retried-on-eintr");
  EXPECT_EQ(mutants[1].slug, "blocks");
  EXPECT_EQ(mutant_test_name(lesson, lesson.tasks[0], mutants[0]),
            "lesson02.task1.mutant.close-retried-on-eintr");
  const auto zoo = load_zoo(dir.path());
  ASSERT_EQ(zoo.size(), 1U);
  EXPECT_EQ(zoo[0].suite, "Zoo04");
}

TEST(TaskOfTest, TheNumberAfterTask) {
  EXPECT_EQ(task_of_test("Task3Faults.FailingClose"), 3);
  EXPECT_EQ(task_of_test("Task12X.Y"), 12);
  EXPECT_EQ(task_of_test("Zoo04A.B"), 0);
  EXPECT_EQ(task_of_test("TaskX.Y"), 0);
  EXPECT_EQ(task_of_test(""), 0);
}

TEST(LoadManifest, NoLessonsMemberGivesNoLessons) {
  const TempDir dir;
  put(dir.path(), "manifest.json", R"({"schema": 1})");
  EXPECT_TRUE(load_manifest(dir.path()).empty());
}

TEST(LoadManifest, MissingManifestThrowsJsonError) {
  const TempDir dir;
  EXPECT_THROW(static_cast<void>(load_manifest(dir.path())), JsonError);
}

TEST(LoadManifest, MalformedManifestThrowsJsonError) {
  const TempDir dir;
  put(dir.path(), "manifest.json", R"({"lessons": [)");
  EXPECT_THROW(static_cast<void>(load_manifest(dir.path())), JsonError);
}

std::vector<Lesson> lessons(const std::vector<std::string>& ids) {
  std::vector<Lesson> out;
  for (const std::string& id : ids) {
    out.push_back(Lesson{id, "title " + id, "", {}, {}});
  }
  return out;
}

TEST(FindLesson, ExactIdIsFound) {
  const auto all = lessons({"01", "02", "10"});
  EXPECT_EQ(find_lesson(all, "10"), &all[2]);
}

TEST(FindLesson, OneDigitIdGetsALeadingZero) {
  const auto all = lessons({"01", "02", "10"});
  EXPECT_EQ(find_lesson(all, "2"), &all[1]);
}

TEST(FindLesson, UnknownIdIsNull) {
  const auto all = lessons({"01", "02"});
  EXPECT_EQ(find_lesson(all, "99"), nullptr);
  EXPECT_EQ(find_lesson(all, "9"), nullptr);
}

TEST(FindLesson, ThreeDigitIdIsNotShortened) {
  const auto all = lessons({"01"});
  EXPECT_EQ(find_lesson(all, "001"), nullptr);
}

TEST(FindLesson, EmptyIdIsNull) {
  const auto all = lessons({"01"});
  EXPECT_EQ(find_lesson(all, ""), nullptr);
}

TEST(FindLesson, NoLessonsFindsNothing) {
  EXPECT_EQ(find_lesson({}, "1"), nullptr);
}

}  // namespace
