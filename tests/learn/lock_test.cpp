// The grader lock, on a small fake lessons tree in a temporary directory.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "context.hpp"
#include "ffikit/test_support/temp_dir.hpp"
#include "lock.hpp"
#include "tree.hpp"

namespace {

namespace fs = std::filesystem;
using ffikit::learn::Context;
using ffikit::learn::grader_files;
using ffikit::learn::verify_lock;
using ffikit::learn::write_lock;
using ffikit::learn::testing::put;
using ffikit::learn::testing::slurp;
using ffikit::test_support::TempDir;

constexpr const char* kRefused =
    "ffikit-learn: refusing to grade: the grader's own files differ from the "
    "checksums in lessons/grader.lock.\n";
constexpr const char* kAdvice =
    "Edit only your files under lessons/student/. To undo a change to a "
    "grader file, restore it from version control (git checkout -- "
    "lessons/PATH).\n";

// A lessons tree with one lesson: graders, prose, a student's copy.
class GraderLock : public ::testing::Test {
 protected:
  GraderLock() {
    context_.source = dir_.path();
    context_.lessons_dir = fs::path(dir_.path()) / "lessons";
    put(lessons(), "manifest.json", R"({"lessons": []})");
    put(lessons(), "CMakeLists.txt", "# graders\n");
    put(lessons(), "README.md", "# Lessons\n");
    put(lessons(), "01/README.md", "# Lesson 1\n");
    put(lessons(), "01/hints.md", "## General\nread it\n");
    put(lessons(), "01/checks/task1_test.cpp", "TEST(A, B) {}\n");
    put(lessons(), "01/starter/work.cpp", "int f();\n");
    put(lessons(), "student/01/work.cpp", "int f();\n");
    put(lessons(), "student/progress.tsv", "01\t1\tpass\n");
  }

  [[nodiscard]] const fs::path& lessons() const { return context_.lessons_dir; }

  // Locks the tree as it is now; the test fails if that does not work.
  void lock() {
    std::ostringstream out;
    std::ostringstream err;
    ASSERT_EQ(write_lock(context_, out, err), 0) << err.str();
  }

  // verify_lock's answer, with what it told the student.
  [[nodiscard]] std::optional<std::string> refusal() const {
    std::ostringstream err;
    if (verify_lock(context_, err)) {
      EXPECT_EQ(err.str(), "");
      return std::nullopt;
    }
    return err.str();
  }

  TempDir dir_;
  Context context_;
};

TEST_F(GraderLock, StudentFilesLockItselfAndProseAreNotGraderFiles) {
  put(lessons(), "grader.lock", "");
  put(lessons(), "01/checks/notes.md", "prose\n");
  EXPECT_EQ(grader_files(context_),
            (std::vector<std::string>{"01/checks/task1_test.cpp",
                                      "01/starter/work.cpp", "CMakeLists.txt",
                                      "manifest.json"}));
}

TEST_F(GraderLock, DirectoriesAndSymlinksToDirectoriesAreNotListed) {
  fs::create_directories(lessons() / "02" / "empty");
  fs::create_directory_symlink(lessons() / "01", lessons() / "02" / "link");
  EXPECT_EQ(grader_files(context_).size(), 4U);
}

TEST_F(GraderLock, MissingLessonsDirectoryThrows) {
  context_.lessons_dir = fs::path(dir_.path()) / "absent";
  EXPECT_THROW(static_cast<void>(grader_files(context_)), fs::filesystem_error);
}

TEST_F(GraderLock, WriteLockListsEveryGraderFileInOrder) {
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(write_lock(context_, out, err), 0);
  EXPECT_EQ(out.str(), "wrote lessons/grader.lock: 4 grader files\n");
  EXPECT_EQ(err.str(), "");
  std::istringstream lock(slurp(lessons() / "grader.lock"));
  std::vector<std::string> names;
  std::string sum;
  std::string name;
  while (lock >> sum >> name) {
    EXPECT_EQ(sum.size(), 64U) << name;
    names.push_back(name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "01/checks/task1_test.cpp", "01/starter/work.cpp",
                       "CMakeLists.txt", "manifest.json"}));
}

TEST_F(GraderLock, WriteLockRecordsSha256OfTheContents) {
  put(lessons(), "CMakeLists.txt", "");
  lock();
  EXPECT_NE(slurp(lessons() / "grader.lock")
                .find("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991"
                      "b7852b855  CMakeLists.txt\n"),
            std::string::npos);
}

TEST_F(GraderLock, FreshLockVerifies) {
  lock();
  EXPECT_EQ(refusal(), std::nullopt);
}

TEST_F(GraderLock, MissingLockRefusesWithItsMessage) {
  EXPECT_EQ(refusal(),
            "ffikit-learn: lessons/grader.lock is missing; refusing to "
            "grade.\n");
}

TEST_F(GraderLock, EditedGraderFileIsRefusedAndNamed) {
  lock();
  put(lessons(), "01/checks/task1_test.cpp", "TEST(A, B) { /* gutted */ }\n");
  EXPECT_EQ(refusal(), std::string(kRefused) +
                           "  changed: 01/checks/task1_test.cpp\n" + kAdvice);
}

TEST_F(GraderLock, EveryEditedGraderFileIsNamedInLockOrder) {
  lock();
  put(lessons(), "manifest.json", R"({"lessons": [1]})");
  put(lessons(), "01/starter/work.cpp", "int f() { return 1; }\n");
  EXPECT_EQ(refusal(), std::string(kRefused) +
                           "  changed: 01/starter/work.cpp\n"
                           "  changed: manifest.json\n" +
                           kAdvice);
}

TEST_F(GraderLock, DeletedGraderFileIsNamedAsChanged) {
  lock();
  fs::remove(lessons() / "01/starter/work.cpp");
  EXPECT_EQ(refusal(), std::string(kRefused) +
                           "  changed: 01/starter/work.cpp\n" + kAdvice);
}

TEST_F(GraderLock, AddedGraderFileIsRefusedAndNamed) {
  lock();
  put(lessons(), "01/checks/task2_test.cpp", "TEST(A, C) {}\n");
  EXPECT_EQ(refusal(), std::string(kRefused) +
                           "  added:   01/checks/task2_test.cpp\n" + kAdvice);
}

TEST_F(GraderLock, StudentFilesAndProseMayChangeFreely) {
  lock();
  put(lessons(), "student/01/work.cpp", "int f() { return 42; }\n");
  put(lessons(), "student/01/extra.cpp", "int g();\n");
  put(lessons(), "student/progress.tsv", "");
  put(lessons(), "01/hints.md", "## General\nchanged\n");
  put(lessons(), "01/NEW.md", "new prose\n");
  EXPECT_EQ(refusal(), std::nullopt);
}

TEST_F(GraderLock, MalformedLockLineRefusesWithoutNamingAFile) {
  lock();
  put(lessons(), "grader.lock",
      slurp(lessons() / "grader.lock") + "not-a-checksum-line\n");
  EXPECT_EQ(refusal(), std::string(kRefused) + kAdvice);
}

// Points PATH at an empty directory for its lifetime, so that no
// sha256sum can be found.
class NoProgramsOnPath {
 public:
  explicit NoProgramsOnPath(const std::string& empty_dir) {
    const char* path = std::getenv("PATH");
    saved_ = path != nullptr ? path : "";
    // SAFETY: the test binary is single-threaded while this runs.
    ::setenv("PATH", empty_dir.c_str(), 1);
  }
  ~NoProgramsOnPath() {
    // SAFETY: as above; restores the value saved by the constructor.
    ::setenv("PATH", saved_.c_str(), 1);
  }
  NoProgramsOnPath(const NoProgramsOnPath&) = delete;
  NoProgramsOnPath& operator=(const NoProgramsOnPath&) = delete;
  NoProgramsOnPath(NoProgramsOnPath&&) = delete;
  NoProgramsOnPath& operator=(NoProgramsOnPath&&) = delete;

 private:
  std::string saved_;
};

TEST_F(GraderLock, WriteLockWithoutSha256sumFailsAndKeepsTheOldLock) {
  put(lessons(), "grader.lock", "old\n");
  std::ostringstream out;
  std::ostringstream err;
  int status = 0;
  {
    const NoProgramsOnPath no_path(dir_.make_dir("empty-bin"));
    status = write_lock(context_, out, err);
  }
  EXPECT_EQ(status, 2);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(),
            "ffikit-learn: sha256sum failed:\n"
            "cannot run sha256sum: No such file or directory\n");
  EXPECT_EQ(slurp(lessons() / "grader.lock"), "old\n");
}

TEST_F(GraderLock, VerifyWithoutSha256sumRefuses) {
  lock();
  std::ostringstream err;
  bool verified = true;
  {
    const NoProgramsOnPath no_path(dir_.make_dir("empty-bin"));
    verified = verify_lock(context_, err);
  }
  EXPECT_FALSE(verified);
  EXPECT_EQ(err.str(), std::string(kRefused) + kAdvice);
}

}  // namespace
