// The graders compared with their release commit, and what an LMS sees in
// the JUnit report when a grader was changed.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "context.hpp"
#include "ffikit/test_support/temp_dir.hpp"
#include "grading.hpp"
#include "integrity.hpp"
#include "junit.hpp"
#include "lesson.hpp"
#include "run.hpp"
#include "tree.hpp"

namespace {

namespace fs = std::filesystem;
using ffikit::learn::Context;
using ffikit::learn::Integrity;
using ffikit::learn::junit_report;
using ffikit::learn::Lesson;
using ffikit::learn::LessonVerdict;
using ffikit::learn::run;
using ffikit::learn::Task;
using ffikit::learn::verify_release;
using ffikit::learn::testing::put;
using ffikit::test_support::TempDir;

// A kit checkout in a temporary git repository: graders committed with
// their lock (the release), a student's copy untracked.
class ReleasedGraders : public testing::Test {
 protected:
  ReleasedGraders() {
    context_.source = dir_.path();
    context_.lessons_dir = fs::path(dir_.path()) / "lessons";
    put(context_.lessons_dir, "manifest.json", "{}\n");
    put(context_.lessons_dir, "05/tests/t.cpp", "TEST(Task1, Real) {}\n");
    put(context_.lessons_dir, "05/README.md", "# prose\n");
    put(context_.lessons_dir, "grader.lock", "sums\n");
    git({"init", "-q"});
    git({"add", "-A"});
    git({"commit", "-q", "-m", "release"});
    put(context_.lessons_dir, "student/05/work.cpp", "int x;\n");
  }

  void git(std::vector<std::string> args) {
    std::vector<std::string> argv{"git",         "-C", dir_.path(),     "-c",
                                  "user.name=t", "-c", "user.email=t@t"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto result = run(argv);
    ASSERT_EQ(result.status, 0) << result.output;
  }

  TempDir dir_;
  Context context_;
};

TEST_F(ReleasedGraders, UntouchedGradersMatchTheRelease) {
  const Integrity integrity = verify_release(context_, "");
  EXPECT_EQ(integrity.state, Integrity::State::matches) << integrity.problem;
  EXPECT_EQ(integrity.commit.size(), 40U);
  EXPECT_TRUE(integrity.listing().empty());
}

TEST_F(ReleasedGraders, ProseAndStudentFilesMayChange) {
  put(context_.lessons_dir, "05/README.md", "# other prose\n");
  put(context_.lessons_dir, "student/05/work.cpp", "int y;\n");
  EXPECT_TRUE(verify_release(context_, "").matches());
}

TEST_F(ReleasedGraders, EditedAddedAndRemovedGradersAreNamed) {
  put(context_.lessons_dir, "05/tests/t.cpp", "TEST(Task1, Gutted) {}\n");
  put(context_.lessons_dir, "05/tests/extra.cpp", "\n");
  fs::remove(context_.lessons_dir / "manifest.json");
  const Integrity integrity = verify_release(context_, "");
  EXPECT_EQ(integrity.state, Integrity::State::differs);
  EXPECT_EQ(integrity.listing(),
            "changed: lessons/05/tests/t.cpp\n"
            "added:   lessons/05/tests/extra.cpp\n"
            "removed: lessons/manifest.json\n");
}

TEST_F(ReleasedGraders, RelockingAndCommittingDoesNotFoolANamedRelease) {
  git({"tag", "v1"});
  put(context_.lessons_dir, "05/tests/t.cpp", "TEST(Task1, Gutted) {}\n");
  put(context_.lessons_dir, "grader.lock", "new sums\n");
  git({"commit", "-q", "-a", "-m", "relock"});
  EXPECT_TRUE(verify_release(context_, "").matches())
      << "against the last commit of the lock, the edit is invisible";
  const Integrity integrity = verify_release(context_, "v1");
  EXPECT_EQ(integrity.listing(),
            "changed: lessons/05/tests/t.cpp\n"
            "changed: lessons/grader.lock\n");
}

TEST_F(ReleasedGraders, UnknownReleaseIsSaidNotGuessed) {
  const Integrity integrity = verify_release(context_, "no-such-tag");
  EXPECT_EQ(integrity.state, Integrity::State::unknown);
  EXPECT_EQ(integrity.summary(),
            "graders not verified: no commit named 'no-such-tag'");
}

TEST(VerifyRelease, OutsideAGitCheckoutTheGradersAreNotVerified) {
  const TempDir dir;
  Context context;
  context.source = dir.path();
  context.lessons_dir = fs::path(dir.path()) / "lessons";
  put(context.lessons_dir, "manifest.json", "{}\n");
  const Integrity integrity = verify_release(context, "");
  EXPECT_EQ(integrity.state, Integrity::State::unknown);
  EXPECT_EQ(
      integrity.summary().rfind("graders not verified: not a git checkout", 0),
      0U)
      << integrity.summary();
}

TEST_F(ReleasedGraders, TamperingIsAFailedCaseOfTheJUnitReport) {
  put(context_.lessons_dir, "05/tests/t.cpp", "TEST(Task1, Gutted) {}\n");
  const Integrity integrity = verify_release(context_, "");
  Lesson lesson;
  lesson.id = "05";
  lesson.title = "Nesting";
  Task task;
  task.number = 1;
  task.title = "a & b";
  lesson.tasks.push_back(task);
  std::map<std::string, LessonVerdict> verdicts;
  verdicts["05"].tasks[1].passed = true;
  const std::string xml = junit_report({lesson}, verdicts, "work", integrity);
  EXPECT_NE(xml.find("<testsuites name=\"ffikit lessons (work)\" tests=\"2\" "
                     "failures=\"1\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"grader integrity\" tests=\"1\" "
                     "failures=\"1\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<failure message=\"1 grader file differs from commit " +
                     integrity.commit.substr(0, 12) +
                     "\">changed: lessons/05/tests/t.cpp\n</failure>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("name=\"task1: a &amp; b\">\n    </testcase>"),
            std::string::npos)
      << "the task itself passed\n"
      << xml;
}

TEST_F(ReleasedGraders, MatchingGradersAreAPassedCase) {
  const std::string xml =
      junit_report({}, {}, "work", verify_release(context_, ""));
  EXPECT_NE(xml.find("<testsuite name=\"grader integrity\" tests=\"1\" "
                     "failures=\"0\">"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("<failure"), std::string::npos) << xml;
}

}  // namespace
