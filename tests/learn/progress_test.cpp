// The student's progress file, and what counts as done.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "context.hpp"
#include "ffikit/test_support/temp_dir.hpp"
#include "progress.hpp"
#include "tree.hpp"

namespace {

namespace fs = std::filesystem;
using ffikit::learn::Context;
using ffikit::learn::first_unfinished;
using ffikit::learn::Lesson;
using ffikit::learn::load_progress;
using ffikit::learn::Progress;
using ffikit::learn::progress_file;
using ffikit::learn::save_progress;
using ffikit::learn::Task;
using ffikit::learn::tasks_passed;
using ffikit::learn::testing::put;
using ffikit::learn::testing::slurp;
using ffikit::test_support::TempDir;

class ProgressFile : public ::testing::Test {
 protected:
  ProgressFile() { context_.lessons_dir = fs::path(dir_.path()) / "lessons"; }

  void write(const std::string& contents) {
    put(context_.lessons_dir, "student/progress.tsv", contents);
  }

  TempDir dir_;
  Context context_;
};

TEST_F(ProgressFile, LivesInTheStudentDirectory) {
  EXPECT_EQ(progress_file(context_),
            fs::path(dir_.path()) / "lessons" / "student" / "progress.tsv");
}

TEST_F(ProgressFile, MissingFileIsNoProgress) {
  EXPECT_TRUE(load_progress(context_).empty());
}

TEST_F(ProgressFile, SaveThenLoadRoundTrips) {
  const Progress progress{{"01", {{1, true}, {2, false}}}, {"02", {{1, true}}}};
  save_progress(context_, progress);
  EXPECT_EQ(load_progress(context_), progress);
}

TEST_F(ProgressFile, SaveWritesOneTabSeparatedLinePerTaskInOrder) {
  save_progress(context_,
                {{"02", {{1, true}}}, {"01", {{10, false}, {2, true}}}});
  EXPECT_EQ(slurp(progress_file(context_)),
            "01\t2\tpass\n01\t10\tfail\n02\t1\tpass\n");
}

TEST_F(ProgressFile, SaveCreatesTheStudentDirectory) {
  ASSERT_FALSE(fs::exists(context_.lessons_dir));
  save_progress(context_, {{"01", {{1, true}}}});
  EXPECT_EQ(slurp(progress_file(context_)), "01\t1\tpass\n");
}

TEST_F(ProgressFile, SaveReplacesTheOldContents) {
  write("01\t1\tpass\n01\t2\tpass\n03\t1\tpass\n");
  save_progress(context_, {{"01", {{1, false}}}});
  EXPECT_EQ(slurp(progress_file(context_)), "01\t1\tfail\n");
}

TEST_F(ProgressFile, EmptyProgressSavesAnEmptyFile) {
  write("01\t1\tpass\n");
  save_progress(context_, {});
  EXPECT_EQ(slurp(progress_file(context_)), "");
}

TEST_F(ProgressFile, StarterAndReferenceGradingSaveNothing) {
  for (const char* variant : {"starter", "reference"}) {
    context_.variant = variant;
    save_progress(context_, {{"01", {{1, true}}}});
    EXPECT_FALSE(fs::exists(progress_file(context_))) << variant;
  }
  write("01\t1\tfail\n");
  save_progress(context_, {{"01", {{1, true}}}});
  EXPECT_EQ(slurp(progress_file(context_)), "01\t1\tfail\n");
}

TEST_F(ProgressFile, AnyStateButPassIsNotPassed) {
  write("01 1 PASS\n01 2 ok\n01 3 pass\n");
  EXPECT_EQ(load_progress(context_),
            (Progress{{"01", {{1, false}, {2, false}, {3, true}}}}));
}

TEST_F(ProgressFile, CorruptLineStopsReadingThere) {
  write("01\t1\tpass\n01\tx\tpass\n02\t1\tpass\n");
  EXPECT_EQ(load_progress(context_), (Progress{{"01", {{1, true}}}}));
}

TEST_F(ProgressFile, TruncatedLastLineIsIgnored) {
  write("01\t1\tpass\n01\t2");
  EXPECT_EQ(load_progress(context_), (Progress{{"01", {{1, true}}}}));
}

TEST_F(ProgressFile, LaterLineForTheSameTaskWins) {
  write("01\t1\tpass\n01\t1\tfail\n");
  EXPECT_EQ(load_progress(context_), (Progress{{"01", {{1, false}}}}));
}

Lesson lesson(const std::string& id, int tasks) {
  Lesson out;
  out.id = id;
  for (int number = 1; number <= tasks; ++number) {
    out.tasks.push_back(Task{number, "task", {}, {}});
  }
  return out;
}

TEST(TasksPassed, LessonWithoutProgressHasNone) {
  EXPECT_EQ(tasks_passed({{"02", {{1, true}}}}, lesson("01", 2)), 0U);
}

TEST(TasksPassed, CountsOnlyPassedTasksTheLessonHas) {
  const Progress progress{{"01", {{1, true}, {2, false}, {3, true}}}};
  EXPECT_EQ(tasks_passed(progress, lesson("01", 2)), 1U);
}

TEST(FirstUnfinished, IsTheFirstLessonWithATaskNotPassed) {
  const std::vector<Lesson> lessons{lesson("01", 1), lesson("02", 2),
                                    lesson("03", 1)};
  const Progress progress{{"01", {{1, true}}}, {"02", {{1, true}}}};
  EXPECT_EQ(first_unfinished(lessons, progress), &lessons[1]);
}

TEST(FirstUnfinished, NoneWhenEveryLessonIsDone) {
  const std::vector<Lesson> lessons{lesson("01", 1), lesson("02", 0)};
  EXPECT_EQ(first_unfinished(lessons, {{"01", {{1, true}}}}), nullptr);
}

TEST(FirstUnfinished, FailedTaskKeepsALessonUnfinished) {
  const std::vector<Lesson> lessons{lesson("01", 1)};
  EXPECT_EQ(first_unfinished(lessons, {{"01", {{1, false}}}}), &lessons[0]);
}

}  // namespace
