// Picking the lines of a failed check's output a student should see.
#include <gtest/gtest.h>

#include <string>

#include "excerpt.hpp"
#include "junit.hpp"

namespace {

using ffikit::learn::excerpt;
using ffikit::learn::is_useful;
using ffikit::learn::TestResult;

TestResult failed(std::string output, std::string message) {
  return TestResult{false, std::move(output), std::move(message)};
}

TEST(IsUseful, RecognisesTheMarksOfAFailure) {
  for (const char* line :
       {"x.cpp:3: Failure", "==1==ERROR: AddressSanitizer: heap-use-after-free",
        "x.cpp:1:2: runtime error: signed overflow", "CMake Error at x:1",
        "FAILED: lesson01", "x.cpp:1: error: no member", "Expected: 1",
        "test left behind a descriptor", "SUMMARY: AddressSanitizer",
        "terminate called after throwing", "Aborted (core dumped)",
        "  what():  boom"}) {
    EXPECT_TRUE(is_useful(line)) << line;
  }
}

TEST(IsUseful, OrdinaryLinesAreNot) {
  EXPECT_FALSE(is_useful("[ RUN      ] A.B"));
  EXPECT_FALSE(is_useful("Error: lower-case e is not a mark"));
  EXPECT_FALSE(is_useful(""));
}

TEST(Excerpt, CompilerErrorWinsOverAnEarlierUsefulLine) {
  EXPECT_EQ(excerpt("/src/kit",
                    failed("FAILED: work.o\n/src/kit/lessons/student/01/"
                           "fd.cpp:3:1: error: expected ';'\nninja: stopped\n",
                           "build failed")),
            "lessons/student/01/fd.cpp:3:1: error: expected ';'\n"
            "ninja: stopped\n(build failed)\n");
}

TEST(Excerpt, SourcePrefixIsRemovedEverywhereInALine) {
  EXPECT_EQ(excerpt("/k", failed("/k/a.cpp: Failure at /k/b.cpp\n", "")),
            "a.cpp: Failure at b.cpp\n");
}

TEST(Excerpt, RunningGoogleTestIsNamedAndBannersAreSkipped) {
  EXPECT_EQ(excerpt("/k", failed("Note: Google Test filter = A.*\n"
                                 "[==========] Running 1 test\n"
                                 "[ RUN      ] Fd.ClosesOnce\n"
                                 "fd_test.cpp:10: Failure\n"
                                 "\n"
                                 "Expected equality of these values:\n"
                                 "[  FAILED  ] Fd.ClosesOnce (0 ms)\n"
                                 "[==========] 1 test ran.\n"
                                 " 1 FAILED TEST\n",
                                 "Failed")),
            "in Fd.ClosesOnce:\nfd_test.cpp:10: Failure\n"
            "Expected equality of these values:\n");
}

TEST(Excerpt, MessageOtherThanFailedIsAddedInParentheses) {
  EXPECT_EQ(excerpt("/k", failed("Aborted\n", "SEGFAULT")),
            "Aborted\n(SEGFAULT)\n");
}

TEST(Excerpt, UnrecognisedOutputShowsItsLastEightLines) {
  std::string output;
  for (int i = 0; i < 10; ++i) {
    output += "line" + std::to_string(i) + "\n";
  }
  EXPECT_EQ(excerpt("/k", failed(output, "Failed")),
            "line2\nline3\nline4\nline5\nline6\nline7\nline8\nline9\n");
}

TEST(Excerpt, AtMostTwelveLinesAreShown) {
  std::string output = "x.cpp:1: Failure\n";
  for (int i = 0; i < 20; ++i) {
    output += "detail" + std::to_string(i) + "\n";
  }
  std::string expected = "x.cpp:1: Failure\n";
  for (int i = 0; i < 11; ++i) {
    expected += "detail" + std::to_string(i) + "\n";
  }
  EXPECT_EQ(excerpt("/k", failed(output, "")), expected);
}

TEST(Excerpt, SilentCheckWithoutStatusSaysItPrintedNothing) {
  EXPECT_EQ(excerpt("/k", failed("", "")),
            "the check failed (no status) and printed nothing; it probably "
            "crashed before its first line of output\n");
}

TEST(Excerpt, SilentCheckNamesItsMessage) {
  EXPECT_EQ(excerpt("/k", failed("\n[==========] 0 tests\n", "Timeout")),
            "the check failed (Timeout) and printed nothing; it probably "
            "crashed before its first line of output\n");
}

}  // namespace
