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

using ffikit::learn::find_lesson;
using ffikit::learn::JsonError;
using ffikit::learn::Lesson;
using ffikit::learn::load_manifest;
using ffikit::learn::testing::put;
using ffikit::test_support::TempDir;

TEST(LoadManifest, ReadsLessonsAndNumbersTasksFromOne) {
  const TempDir dir;
  put(dir.path(), "manifest.json", R"({"lessons": [
    {"id": "01", "title": "Raw fds", "reference": "src/stage1_raw",
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
  EXPECT_EQ(first.reference, "src/stage1_raw");
  EXPECT_EQ(first.student_files,
            (std::vector<std::string>{"fd.cpp", "fd.hpp"}));
  ASSERT_EQ(first.tasks.size(), 2U);
  EXPECT_EQ(first.tasks[0].number, 1);
  EXPECT_EQ(first.tasks[0].title, "open");
  EXPECT_EQ(first.tasks[0].verdicts,
            (std::vector<std::string>{"unit", "asan"}));
  EXPECT_EQ(first.tasks[1].number, 2);
  EXPECT_TRUE(first.tasks[1].verdicts.empty());
  EXPECT_EQ(lessons[1].reference, "");
  EXPECT_TRUE(lessons[1].tasks.empty());
  EXPECT_TRUE(lessons[1].student_files.empty());
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
