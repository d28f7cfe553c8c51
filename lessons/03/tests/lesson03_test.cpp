// Lesson 3's grader: the size and type decisions, first pure, then on real
// files (empty, directory, FIFO), then with open, fstat and close failing
// on purpose (the kit's checker).
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <ostream>
#include <string>

#include "ffikit/check/child.hpp"
#include "ffikit/check/fault.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"
#include "lesson03.hpp"

// GoogleTest prints a value it has no printer for as raw bytes; these make a
// failed comparison read "{map, 10}".
namespace ffikit::stage3 {
void PrintTo(MapDecision decision, std::ostream* out);
void PrintTo(const MapPlan& plan, std::ostream* out);

void PrintTo(MapDecision decision, std::ostream* out) {
  switch (decision) {
    case MapDecision::map:
      *out << "map";
      return;
    case MapDecision::empty:
      *out << "empty";
      return;
    case MapDecision::refuse_directory:
      *out << "refuse_directory";
      return;
    case MapDecision::refuse_special:
      *out << "refuse_special";
      return;
    case MapDecision::refuse_size:
      *out << "refuse_size";
      return;
  }
  *out << "MapDecision(" << static_cast<int>(decision) << ")";
}

void PrintTo(const MapPlan& plan, std::ostream* out) {
  *out << "{";
  PrintTo(plan.decision, out);
  *out << ", " << plan.length << "}";
}
}  // namespace ffikit::stage3

namespace {

namespace check = ffikit::check;

using lesson03::MapDecision;
using lesson03::MapPlan;

constexpr std::uint32_t regular = S_IFREG | 0644;

TEST(Task1Narrowing, NegativeSizeIsRefused) {
  EXPECT_EQ(lesson03::narrow_file_size(-1), std::nullopt);
  EXPECT_EQ(
      lesson03::narrow_file_size(std::numeric_limits<std::int64_t>::min()),
      std::nullopt);
}

TEST(Task1Narrowing, ValidSizesAreKeptExactly) {
  EXPECT_EQ(lesson03::narrow_file_size(0), std::size_t{0});
  EXPECT_EQ(lesson03::narrow_file_size(4097), std::size_t{4097});
  EXPECT_EQ(
      lesson03::narrow_file_size(std::numeric_limits<std::int64_t>::max()),
      static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()));
}

TEST(Task2Plan, RegularFileIsMappedWithItsExactSize) {
  EXPECT_EQ(lesson03::plan_mapping(regular, 10),
            (MapPlan{MapDecision::map, 10}));
}

TEST(Task2Plan, EmptyRegularFileIsNeverMapped) {
  EXPECT_EQ(lesson03::plan_mapping(regular, 0),
            (MapPlan{MapDecision::empty, 0}));
}

TEST(Task2Plan, DirectoryIsRefused) {
  EXPECT_EQ(lesson03::plan_mapping(S_IFDIR | 0755, 4096),
            (MapPlan{MapDecision::refuse_directory, 0}));
}

TEST(Task2Plan, SpecialFilesAreRefusedWhateverTheirSize) {
  EXPECT_EQ(lesson03::plan_mapping(S_IFIFO | 0600, 0),
            (MapPlan{MapDecision::refuse_special, 0}));
  EXPECT_EQ(lesson03::plan_mapping(S_IFCHR | 0666, 4096),
            (MapPlan{MapDecision::refuse_special, 0}));
  EXPECT_EQ(lesson03::plan_mapping(S_IFSOCK | 0600, 16),
            (MapPlan{MapDecision::refuse_special, 0}));
}

TEST(Task2Plan, NegativeSizeIsRefused) {
  EXPECT_EQ(lesson03::plan_mapping(regular, -5),
            (MapPlan{MapDecision::refuse_size, 0}));
}

TEST(Task3RealFiles, EmptyAndNonEmptyFiles) {
  ffikit::lessons::TempDir dir;
  std::error_code error;
  EXPECT_EQ(lesson03::plan_for_path(dir.write("empty", ""), error),
            (MapPlan{MapDecision::empty, 0}));
  EXPECT_FALSE(error) << error.message();
  EXPECT_EQ(lesson03::plan_for_path(dir.write("three", "abc"), error),
            (MapPlan{MapDecision::map, 3}));
  EXPECT_FALSE(error) << error.message();
}

TEST(Task3RealFiles, DirectoryIsRefused) {
  ffikit::lessons::TempDir dir;
  std::error_code error;
  EXPECT_EQ(lesson03::plan_for_path(dir.path(), error).decision,
            MapDecision::refuse_directory);
  EXPECT_FALSE(error) << error.message();
}

TEST(Task3RealFiles, FifoIsRefusedWithoutBlocking) {
  ffikit::lessons::TempDir dir;
  const std::string fifo = dir.fifo("pipe");
  // Without O_NONBLOCK, open waits for a writer that never comes: ask in a
  // child process, and give up on it after two seconds.
  const check::ChildResult child = check::run_in_child(
      [&fifo] {
        std::error_code error;
        const MapDecision decision =
            lesson03::plan_for_path(fifo, error).decision;
        if (decision != MapDecision::refuse_special || error) {
          std::_Exit(1);
        }
      },
      std::chrono::seconds(2));
  ASSERT_FALSE(child.timed_out)
      << "plan_for_path(FIFO) did not return within 2 s: opening a FIFO "
         "without O_NONBLOCK waits for a writer";
  EXPECT_TRUE(child.exited && child.exit_code == 0)
      << "a FIFO must be refuse_special with no error; the child "
      << (child.exited ? "exited " + std::to_string(child.exit_code)
                       : "died of signal " + std::to_string(child.signal))
      << "\n" << child.output;
}

TEST(Task3RealFiles, MissingFileReportsEnoent) {
  ffikit::lessons::TempDir dir;
  std::error_code error;
  static_cast<void>(lesson03::plan_for_path(dir.file("absent"), error));
  EXPECT_EQ(error, std::error_code(ENOENT, std::system_category()));
}

TEST(Task3RealFiles, SuccessClearsAnEarlierError) {
  ffikit::lessons::TempDir dir;
  std::error_code error(ENOENT, std::system_category());
  EXPECT_EQ(lesson03::plan_for_path(dir.write("three", "abc"), error),
            (MapPlan{MapDecision::map, 3}));
  EXPECT_FALSE(error) << "a stale error survived a call that worked: "
                      << error.message();
}

// The checker fails one call on purpose; the descriptor must be closed on
// every path, and the failed call's errno reported.
class Task3Faults : public testing::Test {
 protected:
  void expect_reported(const char* fault, int expected) {
    const std::string path = dir_.write("three", "abc");
    check::Session session({.fault = check::parse_fault(fault)});
    std::error_code error;
    const MapPlan plan = lesson03::plan_for_path(path, error);
    session.disarm();
    const check::Report report = session.report();
    EXPECT_EQ(error, std::error_code(expected, std::system_category()))
        << "with " << fault << ", plan_for_path must report that errno";
    EXPECT_EQ(plan, (MapPlan{MapDecision::refuse_special, 0}));
    for (const check::Finding& leak : report.leaks) {
      ADD_FAILURE() << "with " << fault << ": " << check::describe(leak)
                    << "\n" << session.trace_text();
    }
    for (const check::Finding& finding : report.violations) {
      ADD_FAILURE() << "with " << fault << ": " << check::describe(finding)
                    << "\n" << session.trace_text();
    }
    session.release_leaks();
  }
  ffikit::lessons::TempDir dir_;
};

TEST_F(Task3Faults, FailingFstatClosesTheDescriptor) {
  expect_reported("fstat:1:EOVERFLOW", EOVERFLOW);
}

TEST_F(Task3Faults, FailingCloseIsReported) {
  expect_reported("close:1:EIO", EIO);
}

}  // namespace
