// Printing a lesson's verdict: one build error for the whole lesson, each
// task's own failure first, the hint of the task the failing test is in.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "context.hpp"
#include "ffikit/test_support/temp_dir.hpp"
#include "grading.hpp"
#include "report.hpp"
#include "tree.hpp"

namespace {

using ffikit::learn::Context;
using ffikit::learn::Explanation;
using ffikit::learn::FailedCheck;
using ffikit::learn::Lesson;
using ffikit::learn::LessonVerdict;
using ffikit::learn::print_lesson;
using ffikit::learn::Task;
using ffikit::learn::testing::put;
using ffikit::test_support::TempDir;

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t found = 0;
  for (std::size_t at = 0; (at = text.find(part, at)) != std::string::npos;
       at += part.size()) {
    ++found;
  }
  return found;
}

class PrintLesson : public testing::Test {
 protected:
  PrintLesson() {
    context_.lessons_dir = dir_.path();
    lesson_.id = "02";
    lesson_.title = "Owning a descriptor";
    for (int n = 1; n <= 3; ++n) {
      Task task;
      task.number = n;
      task.title = "task title " + std::to_string(n);
      lesson_.tasks.push_back(task);
    }
    put(context_.lessons_dir, "02/hints.md",
        "## Task 1\nhint one\n## Task 2\nhint two\n## Task 3\nhint three\n");
  }

  std::string print(const LessonVerdict& verdict) const {
    std::ostringstream out;
    print_lesson(context_, lesson_, verdict, true, out);
    return out.str();
  }

  TempDir dir_;
  Context context_;
  Lesson lesson_;
};

TEST_F(PrintLesson, BuildErrorIsPrintedOnceForTheWholeLesson) {
  LessonVerdict verdict;
  verdict.built = false;
  verdict.build_error = {
      "lessons/student/02/fd.cpp:12:5: error: 'fd' was "
      "not declared"};
  for (int n = 1; n <= 3; ++n) {
    verdict.tasks[n].passed = false;
  }
  const std::string printed = print(verdict);
  EXPECT_EQ(count(printed, "fd.cpp:12:5: error"), 1U) << printed;
  EXPECT_EQ(count(printed, "not graded: the code does not build"), 3U)
      << printed;
  EXPECT_EQ(printed.find("g++"), std::string::npos) << printed;
}

TEST_F(PrintLesson, FailedTaskShowsItsCheckTheEvidenceAndItsHint) {
  LessonVerdict verdict;
  verdict.tasks[1].passed = true;
  verdict.tasks[3].passed = true;
  Explanation why;
  why.test = "Task2CloseFaults.EintrIsReportedOnce";
  why.summary = "Task2CloseFaults.EintrIsReportedOnce failed";
  why.details = {"t.cpp:9: Failure", "double close at #3"};
  verdict.tasks[2].failed.push_back(FailedCheck{"lifetime", why});
  const std::string printed = print(verdict);
  EXPECT_NE(printed.find("(2/3 tasks)"), std::string::npos) << printed;
  EXPECT_NE(printed.find("  [FAIL] task 2: task title 2\n"
                         "         lifetime: Task2CloseFaults."
                         "EintrIsReportedOnce failed\n"
                         "         | t.cpp:9: Failure\n"
                         "         | double close at #3\n"
                         "         hint (task 2):\n"
                         "           hint two\n"),
            std::string::npos)
      << printed;
}

TEST_F(PrintLesson, HintIsTheOneOfTheTaskTheFailingTestBelongsTo) {
  LessonVerdict verdict;
  verdict.tasks[1].passed = true;
  verdict.tasks[2].passed = true;
  Explanation why;
  why.test = "Task1Ownership.Moves";
  why.summary =
      "Task1Ownership.Moves crashed with SIGSEGV (Segmentation fault)";
  verdict.tasks[3].failed.push_back(FailedCheck{"unit", why});
  const std::string printed = print(verdict);
  EXPECT_NE(printed.find("hint (task 1):\n           hint one\n"),
            std::string::npos)
      << printed;
  EXPECT_EQ(printed.find("hint three"), std::string::npos) << printed;
}

TEST_F(PrintLesson, OtherFailedChecksOfATaskGetOneLineEach) {
  LessonVerdict verdict;
  verdict.tasks[1].passed = true;
  verdict.tasks[3].passed = true;
  Explanation unit;
  unit.summary = "Task2Close.X failed";
  unit.details = {"first evidence"};
  Explanation asan;
  asan.summary = "Task2Close.X: ERROR: AddressSanitizer: heap-use-after-free";
  asan.details = {"not shown"};
  verdict.tasks[2].failed = {{"unit", unit}, {"asan", asan}};
  const std::string printed = print(verdict);
  EXPECT_NE(printed.find("         also asan: Task2Close.X: ERROR: "
                         "AddressSanitizer: heap-use-after-free\n"),
            std::string::npos)
      << printed;
  EXPECT_EQ(printed.find("not shown"), std::string::npos) << printed;
}

}  // namespace
