// No false reports: the stages, on every kind of file they meet, leave the
// checker with nothing to say. And the quarantine catches a view that
// escaped its callback.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <span>

#include "ffikit/check/session.hpp"
#include "ffikit/check/trace_format.hpp"
#include "ffikit/stage3_callback/policy.hpp"
#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"
#include "scratch_dir.hpp"
#include "stage_operations.hpp"

namespace ffikit::check {
namespace {

using testing_support::ScratchDir;

class NoFalseReport : public ::testing::TestWithParam<int> {};

Outcome run(int stage, const std::string& path) {
  switch (stage) {
    case 2:
      return testing_support::run_stage2(path);
    case 3:
      return testing_support::run_stage3(path);
    default:
      return testing_support::run_stage4(path);
  }
}

TEST_P(NoFalseReport, OnRegularEmptyMissingDirectoryFifoAndDevNull) {
  const ScratchDir dir;
  const std::string fifo = dir.path("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::vector<std::string> paths = {dir.file("regular", 10000),
                                          dir.file("empty", 0),
                                          dir.path("missing"),
                                          dir.path(""),
                                          fifo,
                                          "/dev/null"};
  for (const std::string& path : paths) {
    if (GetParam() == 2 && path == fifo) {
      continue;  // stage 2 alone opens without O_NONBLOCK: a FIFO would block
    }
    Session session;
    const Outcome outcome = run(GetParam(), path);
    session.disarm();
    const Report report = session.report();
    EXPECT_TRUE(report.violations.empty())
        << path << ": " << describe(report.violations[0]);
    EXPECT_TRUE(report.leaks.empty())
        << path << ": " << describe(report.leaks[0]);
    EXPECT_FALSE(outcome.operation.starts_with("malformed"))
        << outcome.operation;
  }
}

INSTANTIATE_TEST_SUITE_P(Stages, NoFalseReport, ::testing::Values(2, 3, 4));

// Large enough to be mapped: stages 3 and 4 read smaller files.
constexpr std::size_t mapped_size = stage3::small_file_threshold;

TEST(Trace, Stage3RunNestsOpenFstatMmapCallbackMunmapClose) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", mapped_size);
  const std::string size = std::to_string(mapped_size);
  Session session;
  stage3::with_mmap_file_contents(path, [](std::span<const std::byte> bytes) {
    note("callback(" + std::to_string(bytes.size()) + " bytes)");
  });
  session.disarm();
  // Descriptor numbers depend on what the environment left open.
  const std::string fd = std::to_string(session.report().trace.at(0).result);
  EXPECT_EQ(
      session.trace_text(false),
      "open(\"" + path + "\", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_NOCTTY) = " + fd +
          "\n  fstat(" + fd + ") = 0 {size " + size +
          ", regular file}\n  mmap(NULL, " + size +
          ", PROT_READ, MAP_PRIVATE, " + fd + ", 0) = ADDR\n    callback(" +
          size + " bytes)\n  munmap(ADDR, " + size + ") = 0\nclose(" + fd +
          ") = 0\n");
}

TEST(Quarantine, ReleasedMappingIsLeftInaccessible) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", mapped_size);
  Session session(Options{Nesting::strict, true, std::nullopt});
  stage3::with_mmap_file_contents(path, [](std::span<const std::byte>) {});
  session.disarm();
  const Report report = session.report();
  ASSERT_EQ(report.trace.size(), 5U);
  EXPECT_TRUE(report.trace[3].quarantined);
  EXPECT_TRUE(report.leaks.empty());
  EXPECT_TRUE(report.violations.empty());
}

TEST(QuarantineDeathTest, SpanEscapingTheCallbackFaultsWhenRead) {
  const ScratchDir dir;
  const std::string path = dir.file("sample", mapped_size);
  EXPECT_DEATH(
      {
        Session session(Options{Nesting::strict, true, std::nullopt});
        std::span<const std::byte> escaped;
        stage3::with_mmap_file_contents(
            path, [&](std::span<const std::byte> bytes) { escaped = bytes; });
        // The bug under test: the view outlived its mapping.
        const volatile std::byte first = escaped[0];
        static_cast<void>(first);
        std::fputs("read a released mapping without faulting\n", stderr);
        std::_Exit(0);
      },
      "");
}

}  // namespace
}  // namespace ffikit::check
