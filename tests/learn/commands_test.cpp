// The commands that need no build: reset keeps a backup and asks first,
// lock is an instructor's command.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "context.hpp"
#include "ffikit/test_support/temp_dir.hpp"
#include "lesson.hpp"
#include "tree.hpp"

namespace {

namespace fs = std::filesystem;
using ffikit::learn::command_lock;
using ffikit::learn::command_reset;
using ffikit::learn::Context;
using ffikit::learn::Io;
using ffikit::learn::Lesson;
using ffikit::learn::testing::put;
using ffikit::learn::testing::slurp;
using ffikit::test_support::TempDir;

class Commands : public testing::Test {
 protected:
  Commands() {
    context_.source = dir_.path();
    context_.lessons_dir = fs::path(dir_.path()) / "lessons";
    context_.self = "build/dev/src/tools/learn/ffikit-learn";
    lesson_.id = "02";
    lesson_.student_files = {"fd.cpp", "fd.hpp"};
    put(context_.lessons_dir, "02/starter/fd.cpp", "// TODO\n");
    put(context_.lessons_dir, "02/starter/fd.hpp", "// header TODO\n");
    put(context_.lessons_dir, "02/tests/t.cpp", "TEST(A, B) {}\n");
    put(context_.lessons_dir, "student/02/fd.cpp", "my work\n");
    put(context_.lessons_dir, "student/02/fd.hpp", "my header\n");
    put(context_.lessons_dir, "student/progress.tsv", "02\t1\tpass\n");
  }

  // Runs @p command with @p input as what the user types.
  template <class Command>
  int with_input(const std::string& input, Command command) {
    std::istringstream in(input);
    Io io{in, out_, err_};
    return command(io);
  }

  [[nodiscard]] fs::path student(const std::string& file) const {
    return context_.lessons_dir / "student" / "02" / file;
  }

  // The backup folders under student/.trash.
  [[nodiscard]] std::vector<fs::path> backups() const {
    std::vector<fs::path> found;
    const fs::path trash = context_.lessons_dir / "student" / ".trash";
    if (fs::exists(trash)) {
      for (const auto& entry : fs::directory_iterator(trash)) {
        found.push_back(entry.path());
      }
    }
    return found;
  }

  TempDir dir_;
  Context context_;
  Lesson lesson_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(Commands, ResetMovesTheWorkToTheTrashSaysWhereAndRestoresTheStarter) {
  const int status = with_input(
      "", [this](Io io) { return command_reset(context_, lesson_, true, io); });
  EXPECT_EQ(status, 0);
  ASSERT_EQ(backups().size(), 1U);
  const fs::path backup = backups().front();
  EXPECT_EQ(backup.filename().string().substr(0, 3), "02-");
  EXPECT_EQ(slurp(backup / "fd.cpp"), "my work\n");
  EXPECT_EQ(slurp(backup / "fd.hpp"), "my header\n");
  EXPECT_EQ(slurp(student("fd.cpp")), "// TODO\n");
  EXPECT_NE(
      out_.str().find("your previous files are in lessons/student/.trash/" +
                      backup.filename().string() + "/"),
      std::string::npos)
      << out_.str();
  EXPECT_EQ(slurp(context_.lessons_dir / "student" / "progress.tsv"), "");
}

TEST_F(Commands, ResetAsksFirstAndNoChangesNothing) {
  const int status = with_input("n\n", [this](Io io) {
    return command_reset(context_, lesson_, false, io);
  });
  EXPECT_EQ(status, 1);
  EXPECT_NE(out_.str().find("Go ahead? [y/N]"), std::string::npos)
      << out_.str();
  EXPECT_NE(out_.str().find("nothing changed."), std::string::npos);
  EXPECT_EQ(slurp(student("fd.cpp")), "my work\n");
  EXPECT_TRUE(backups().empty());
}

TEST_F(Commands, ResetWithNoAnswerAtAllChangesNothing) {
  EXPECT_EQ(with_input("",
                       [this](Io io) {
                         return command_reset(context_, lesson_, false, io);
                       }),
            1);
  EXPECT_EQ(slurp(student("fd.cpp")), "my work\n");
}

TEST_F(Commands, ResetAskedAndAnsweredYesKeepsABackup) {
  EXPECT_EQ(with_input("y\n",
                       [this](Io io) {
                         return command_reset(context_, lesson_, false, io);
                       }),
            0);
  ASSERT_EQ(backups().size(), 1U);
  EXPECT_EQ(slurp(backups().front() / "fd.cpp"), "my work\n");
}

TEST_F(Commands, TwoResetsInOneSecondKeepTwoBackups) {
  for (int i = 0; i < 2; ++i) {
    put(context_.lessons_dir, "student/02/fd.cpp", "work " + std::to_string(i));
    ASSERT_EQ(with_input("",
                         [this](Io io) {
                           return command_reset(context_, lesson_, true, io);
                         }),
              0);
  }
  EXPECT_EQ(backups().size(), 2U);
}

TEST_F(Commands, ResetOfAnUntouchedLessonHasNothingToKeep) {
  fs::remove_all(context_.lessons_dir / "student" / "02");
  EXPECT_EQ(with_input("",
                       [this](Io io) {
                         return command_reset(context_, lesson_, false, io);
                       }),
            0);
  EXPECT_TRUE(backups().empty());
  EXPECT_EQ(slurp(student("fd.hpp")), "// header TODO\n");
}

TEST_F(Commands, LockWithoutInstructorRefusesAndSaysWhatToType) {
  put(context_.lessons_dir, "grader.lock", "old lock\n");
  put(context_.lessons_dir, "02/tests/t.cpp", "TEST(A, B) { /* gutted */ }\n");
  const int status = with_input(
      "", [this](Io io) { return command_lock(context_, false, io); });
  EXPECT_EQ(status, 2);
  EXPECT_EQ(slurp(context_.lessons_dir / "grader.lock"), "old lock\n");
  EXPECT_NE(err_.str().find("It is for an instructor who changed a lesson on "
                            "purpose"),
            std::string::npos)
      << err_.str();
  EXPECT_NE(err_.str().find(
                "  build/dev/src/tools/learn/ffikit-learn lock --instructor\n"),
            std::string::npos)
      << err_.str();
}

TEST_F(Commands, LockAsInstructorWarnsWhatItAcceptsThenWrites) {
  ASSERT_EQ(with_input(
                "", [this](Io io) { return command_lock(context_, true, io); }),
            0);
  put(context_.lessons_dir, "02/tests/t.cpp", "TEST(A, B) { /* gutted */ }\n");
  out_.str("");
  ASSERT_EQ(with_input(
                "", [this](Io io) { return command_lock(context_, true, io); }),
            0);
  EXPECT_NE(out_.str().find("warning: these grader files will be accepted as "
                            "they are now:\n  changed: 02/tests/t.cpp\n"),
            std::string::npos)
      << out_.str();
  EXPECT_NE(slurp(context_.lessons_dir / "grader.lock").find("02/tests/t.cpp"),
            std::string::npos);
}

}  // namespace
