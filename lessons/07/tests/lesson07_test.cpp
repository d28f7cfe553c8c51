// Lesson 7's grader: the answer or an Error value, never an exception; and,
// with the kit's checker failing each call in turn, an Error naming that
// call for every fault, with nothing left open or mapped.
#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

#include "ffikit/check/sweep.hpp"
#include "ffikit/lessons/sweep_cases.hpp"
#include "ffikit/lessons/temp_dir.hpp"
#include "lesson07.hpp"

namespace {

namespace check = ffikit::check;

class Lesson07 : public testing::Test {
 protected:
  ffikit::lessons::TempDir dir_;
};

using Task1Values = Lesson07;

TEST_F(Task1Values, CountsLines) {
  const auto lines =
      lesson07::try_count_lines(dir_.write("three", "a\nb\nc\n"));
  ASSERT_TRUE(lines.has_value()) << lines.error().message();
  EXPECT_EQ(*lines, 3U);
}

TEST_F(Task1Values, EmptyFileHasZeroLines) {
  const auto lines = lesson07::try_count_lines(dir_.write("empty", ""));
  ASSERT_TRUE(lines.has_value()) << lines.error().message();
  EXPECT_EQ(*lines, 0U);
}

using Task2Errors = Lesson07;

TEST_F(Task2Errors, MissingFileIsOpenEnoentWithPathAndMessage) {
  const std::string path = dir_.file("absent");
  const auto lines = lesson07::try_count_lines(path);
  ASSERT_FALSE(lines.has_value());
  EXPECT_EQ(lines.error(),
            (ffikit::Error{"open", {ENOENT, std::system_category()}, path}));
  EXPECT_EQ(lines.error().message(),
            "open(" + path + "): No such file or directory");
}

TEST_F(Task2Errors, DirectoryIsMmapEisdir) {
  const auto lines = lesson07::try_count_lines(dir_.path());
  ASSERT_FALSE(lines.has_value());
  EXPECT_EQ(
      lines.error(),
      (ffikit::Error{"mmap", {EISDIR, std::system_category()}, dir_.path()}));
}

TEST_F(Task2Errors, FifoIsMmapEnodev) {
  const std::string fifo = dir_.fifo("pipe");
  const auto lines = lesson07::try_count_lines(fifo);
  ASSERT_FALSE(lines.has_value());
  EXPECT_EQ(lines.error(),
            (ffikit::Error{"mmap", {ENODEV, std::system_category()}, fifo}));
}

using Task2Faults = Lesson07;

TEST_F(Task2Faults, EveryInjectedFaultIsAnErrorNamingThatCall) {
  const std::string path = dir_.write("three", "a\nb\nc\n");
  const auto operation = [&path]() -> check::Outcome {
    const auto lines = lesson07::try_count_lines(path);
    if (lines.has_value()) {
      return {};
    }
    return {lines.error().operation(), lines.error().code().value()};
  };
  const check::SweepReport report = check::sweep(operation);
  ASSERT_TRUE(report.clean.ok())
      << "the run without faults failed: " << report.clean.operation;
  ASSERT_FALSE(report.cases.empty()) << "the code made no watched call";
  const std::vector<std::string> unclean =
      ffikit::lessons::unclean_cases(report, operation);
  EXPECT_TRUE(unclean.empty())
      << unclean.size() << " of " << report.cases.size()
      << " injected faults did not come back as an Error naming that call "
         "and errno:\n"
      << ffikit::lessons::first_lines(unclean);
}

using Task3Paths = Lesson07;

TEST_F(Task3Paths, InteriorNulIsOpenEinvalAndThePathIsKept) {
  std::string path = dir_.write("real", "x\n");
  path += std::string("\0tail", 5);
  const auto lines = lesson07::try_count_lines(path);
  ASSERT_FALSE(lines.has_value())
      << "the NUL must not silently shorten the path";
  EXPECT_EQ(lines.error().operation(), "open");
  EXPECT_EQ(lines.error().code(),
            std::error_code(EINVAL, std::system_category()));
  EXPECT_EQ(lines.error().path(), path);
  EXPECT_EQ(lines.error().path().size(), path.size());
}

}  // namespace
