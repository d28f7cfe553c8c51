// What grade --submission takes from a student: their files and nothing else.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "ffikit/test_support/temp_dir.hpp"
#include "lesson.hpp"
#include "submission.hpp"
#include "tree.hpp"

namespace {

namespace fs = std::filesystem;
using ffikit::learn::collect_submission;
using ffikit::learn::Collected;
using ffikit::learn::Lesson;
using ffikit::learn::testing::put;
using ffikit::learn::testing::slurp;
using ffikit::test_support::TempDir;
using Names = std::vector<std::string>;

class Submission : public testing::Test {
 protected:
  Submission() {
    lessons_dir_ = fs::path(pristine_.path()) / "lessons";
    lessons_ = {Lesson{"01", "one", "", {"a.cpp", "a.hpp"}, {}},
                Lesson{"02", "two", "", {"b.cpp"}, {}}};
    put(lessons_dir_, "01/starter/a.cpp", "starter a\n");
    put(lessons_dir_, "01/starter/a.hpp", "starter a header\n");
    put(lessons_dir_, "02/starter/b.cpp", "starter b\n");
    put(lessons_dir_, "01/tests/t.cpp", "the real grader\n");
  }

  [[nodiscard]] fs::path into() const {
    return fs::path(pristine_.path()) / "build" / "submission";
  }

  TempDir pristine_;
  TempDir student_;
  fs::path lessons_dir_;
  std::vector<Lesson> lessons_;
};

TEST_F(Submission, OnlyTheStudentsFilesAreCopiedFromAWholeKit) {
  // A whole kit, graders edited and extra files added.
  const fs::path kit = student_.path();
  put(kit, "lessons/student/01/a.cpp", "my a\n");
  put(kit, "lessons/student/01/a.hpp", "my header\n");
  put(kit, "lessons/student/01/sneaky.cpp", "extra\n");
  put(kit, "lessons/student/02/b.cpp", "my b\n");
  put(kit, "lessons/01/tests/t.cpp", "TEST(A, B) {} // always passes\n");
  put(kit, "lessons/grader.lock", "forged\n");
  const Collected collected =
      collect_submission(lessons_, lessons_dir_, kit, into());
  EXPECT_EQ(collected.copied, (Names{"01/a.cpp", "01/a.hpp", "02/b.cpp"}));
  EXPECT_TRUE(collected.missing.empty());
  EXPECT_TRUE(collected.refused.empty());
  EXPECT_EQ(slurp(into() / "01" / "a.cpp"), "my a\n");
  EXPECT_EQ(slurp(into() / "02" / "b.cpp"), "my b\n");
  EXPECT_FALSE(fs::exists(into() / "01" / "sneaky.cpp"));
  EXPECT_EQ(slurp(lessons_dir_ / "01" / "tests" / "t.cpp"),
            "the real grader\n");
}

TEST_F(Submission, AStudentsFolderWorksToo) {
  put(student_.path(), "01/a.cpp", "my a\n");
  const Collected collected =
      collect_submission(lessons_, lessons_dir_, student_.path(), into());
  EXPECT_EQ(collected.copied, (Names{"01/a.cpp"}));
  EXPECT_EQ(collected.missing, (Names{"01/a.hpp", "02/b.cpp"}));
  EXPECT_EQ(slurp(into() / "01" / "a.hpp"), "starter a header\n");
  EXPECT_EQ(slurp(into() / "02" / "b.cpp"), "starter b\n");
}

TEST_F(Submission, LinksAndHugeFilesAreRefusedAndTheStarterStandsIn) {
  put(student_.path(), "01/a.hpp", "my header\n");
  fs::create_directories(fs::path(student_.path()) / "02");
  // A link to the grader would let the "student file" be the grader itself.
  fs::create_symlink(lessons_dir_ / "01" / "tests" / "t.cpp",
                     fs::path(student_.path()) / "01" / "a.cpp");
  put(student_.path(), "02/b.cpp", std::string((1U << 20U) + 1, 'x'));
  const Collected collected =
      collect_submission(lessons_, lessons_dir_, student_.path(), into());
  EXPECT_EQ(collected.copied, (Names{"01/a.hpp"}));
  EXPECT_EQ(collected.refused, (Names{"01/a.cpp", "02/b.cpp"}));
  EXPECT_EQ(slurp(into() / "01" / "a.cpp"), "starter a\n");
  EXPECT_FALSE(fs::is_symlink(into() / "01" / "a.cpp"));
  EXPECT_EQ(slurp(into() / "02" / "b.cpp"), "starter b\n");
}

TEST_F(Submission, ASecondSubmissionReplacesTheFirst) {
  put(student_.path(), "02/b.cpp", "first\n");
  static_cast<void>(
      collect_submission(lessons_, lessons_dir_, student_.path(), into()));
  put(student_.path(), "02/b.cpp", "second\n");
  static_cast<void>(
      collect_submission(lessons_, lessons_dir_, student_.path(), into()));
  EXPECT_EQ(slurp(into() / "02" / "b.cpp"), "second\n");
}

}  // namespace
