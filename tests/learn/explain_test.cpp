// Explaining a failed check: which test, and the evidence in whole lines.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "executor.hpp"
#include "explain.hpp"

namespace {

using ffikit::learn::Ending;
using ffikit::learn::explain;
using ffikit::learn::first_build_error;
using ffikit::learn::unfinished_test;

Ending failed_with(std::string output) {
  Ending ending;
  ending.started = true;
  ending.exited = true;
  ending.exit_code = 1;
  ending.output = std::move(output);
  return ending;
}

using Lines = std::vector<std::string>;

TEST(ExplainAssertion, WholeAssertionFromItsFirstLineToTheNextStatusLine) {
  const auto explained =
      explain(failed_with("[ RUN      ] Task1Map.DirectoryIsEnodev\n"
                          "/src/kit/lessons/04/tests/t.cpp:91: Failure\n"
                          "Expected equality of these values:\n"
                          "  region.data()\n"
                          "\n"
                          "    Which is: 0xffffffffffffffff\n"
                          "  nullptr\n"
                          "[  FAILED  ] Task1Map.DirectoryIsEnodev (0 ms)\n"),
              "unit", "/src/kit");
  EXPECT_EQ(explained.test, "Task1Map.DirectoryIsEnodev");
  EXPECT_EQ(explained.summary, "Task1Map.DirectoryIsEnodev failed");
  EXPECT_EQ(explained.details,
            (Lines{"lessons/04/tests/t.cpp:91: Failure",
                   "Expected equality of these values:", "  region.data()", "",
                   "    Which is: 0xffffffffffffffff", "  nullptr"}));
}

TEST(ExplainAssertion, LongAssertionIsCutAtALineAndSaysHowMuchIsLeftOut) {
  std::string output = "[ RUN      ] Task4A.B\nx.cpp:1: Failure\n";
  for (int i = 0; i < 50; ++i) {
    output += "case " + std::to_string(i) + "\n";
  }
  const auto explained = explain(failed_with(output), "lifetime", {});
  ASSERT_EQ(explained.details.size(), 41U);
  EXPECT_EQ(explained.details[39], "case 38");
  EXPECT_EQ(explained.details[40],
            "(11 more lines of this assertion left out)");
}

TEST(ExplainAssertion, OwnAssertionComesBeforeTheLeakListenersFinding) {
  const auto explained =
      explain(failed_with("[ RUN      ] Task1Map.MapsTheBytes\n"
                          "tests/support/leak_listener.cpp:23: Failure\n"
                          "test left behind a mapping 7f00-7f01 /tmp/data\n"
                          "[  FAILED  ] Task1Map.MapsTheBytes (0 ms)\n"
                          "[ RUN      ] Task1Map.DirectoryIsEnodev\n"
                          "t.cpp:91: Failure\n"
                          "Value of: error\n"
                          "[  FAILED  ] Task1Map.DirectoryIsEnodev (0 ms)\n"
                          "[  FAILED  ] Task1Map.MapsTheBytes\n"
                          "[  FAILED  ] Task1Map.DirectoryIsEnodev\n"),
              "unit", {});
  EXPECT_EQ(explained.test, "Task1Map.DirectoryIsEnodev");
  EXPECT_EQ(explained.details.front(), "t.cpp:91: Failure");
  EXPECT_EQ(explained.details.back(), "also failed: Task1Map.MapsTheBytes");
}

TEST(ExplainAssertion, LeakListenerFindingIsShownWhenItIsTheOnlyOne) {
  const auto explained =
      explain(failed_with("[ RUN      ] Task2A.B\n"
                          "tests/support/leak_listener.cpp:23: Failure\n"
                          "test left behind a descriptor 7 -> /tmp/x\n"
                          "[  FAILED  ] Task2A.B (0 ms)\n"),
              "unit", {});
  EXPECT_EQ(explained.details,
            (Lines{"tests/support/leak_listener.cpp:23: Failure",
                   "test left behind a descriptor 7 -> /tmp/x"}));
}

TEST(ExplainAssertion, UncaughtExceptionIsAnAssertionOfTheTest) {
  const auto explained = explain(
      failed_with("[ RUN      ] Task1Contents.Empty\n"
                  "unknown file: Failure\n"
                  "C++ exception with description \"mmap(/t/e): Invalid "
                  "argument\" thrown in the test body.\n"
                  "[  FAILED  ] Task1Contents.Empty (1 ms)\n"),
      "unit", {});
  EXPECT_EQ(explained.summary, "Task1Contents.Empty failed");
  EXPECT_EQ(explained.details.size(), 2U);
}

TEST(ExplainSanitizer, ReportLineFirstFramesAndSummary) {
  const auto explained = explain(
      failed_with(
          "[ RUN      ] Task2Ownership.Moves\n"
          "=================================================================\n"
          "==42==ERROR: AddressSanitizer: heap-use-after-free on address 0x1\n"
          "READ of size 1 at 0x1 thread T0\n"
          "    #0 0x1 in f() a.cpp:3\n"
          "    #1 0x2 in g() a.cpp:4\n"
          "    #2 0x3 in h() a.cpp:5\n"
          "    #3 0x4 in i() a.cpp:6\n"
          "    #4 0x5 in main a.cpp:7\n"
          "SUMMARY: AddressSanitizer: heap-use-after-free a.cpp:3 in f()\n"),
      "asan", {});
  EXPECT_EQ(
      explained.summary,
      "Task2Ownership.Moves: ERROR: AddressSanitizer: heap-use-after-free "
      "on address 0x1");
  ASSERT_EQ(explained.details.size(), 6U);
  EXPECT_EQ(explained.details[4], "    #3 0x4 in i() a.cpp:6");
  EXPECT_EQ(explained.details[5],
            "SUMMARY: AddressSanitizer: heap-use-after-free a.cpp:3 in f()");
}

TEST(ExplainScript, CMakeMessageIsUnwrappedIntoOneSummary) {
  const auto explained = explain(
      failed_with(
          "CMake Error at /k/lessons/cmake/fuzz_check.cmake:50 "
          "(message):\n"
          "  fuzz check: the fuzz target found nothing (seed 1, at most\n"
          "  200000 runs).  It must drive the code\n"
          "  into the planted bug.\n"
          "\n"),
      "fuzz", {});
  EXPECT_EQ(explained.summary,
            "fuzz check: the fuzz target found nothing (seed 1, at most 200000 "
            "runs). It must drive the code into the planted bug.");
}

TEST(ExplainScript, FailedLineIsTheSummaryAndTheLinesAfterItTheEvidence) {
  const auto explained =
      explain(failed_with("FAILED: ffikit-faultrun found injected faults:\n"
                          "  mmap:1:ENOMEM leaked\n"
                          "\n"
                          "  close:1:EIO swallowed\n"),
              "program", {});
  EXPECT_EQ(explained.summary, "ffikit-faultrun found injected faults:");
  EXPECT_EQ(explained.details,
            (Lines{"  mmap:1:ENOMEM leaked", "  close:1:EIO swallowed"}));
}

TEST(ExplainExit, NothingRecognisedGivesTheStatusAndTheLastLines) {
  const auto explained = explain(failed_with("a\nb\n"), "program", {});
  EXPECT_EQ(explained.summary, "the check ended with exit status 1");
  EXPECT_EQ(explained.details, (Lines{"last lines it printed:", "a", "b"}));
}

TEST(UnfinishedTest, IsTheLastTestStartedAndNotEnded) {
  EXPECT_EQ(unfinished_test("[ RUN      ] A.B\n[       OK ] A.B (0 ms)\n"
                            "[ RUN      ] A.C\nworking\n"),
            "A.C");
  EXPECT_EQ(unfinished_test("[ RUN      ] A.B\n[  FAILED  ] A.B (0 ms)\n"), "");
  EXPECT_EQ(unfinished_test("no tests here\n"), "");
}

TEST(FirstBuildError, CompilerErrorWithItsContextAndNoCommandLine) {
  const std::string output =
      "[1/3] Building CXX object lessons/x.o\n"
      "FAILED: lessons/CMakeFiles/x.dir/fd.cpp.o\n"
      "/usr/bin/g++ -I/k/lessons/02/include -Wall -c "
      "/k/lessons/student/02/fd.cpp\n"
      "/k/lessons/student/02/fd.cpp: In member function 'int f()':\n"
      "/k/lessons/student/02/fd.cpp:12:5: error: 'fd' was not declared\n"
      "   12 |     fd = 1;\n"
      "      |     ^~\n"
      "/k/lessons/student/02/fd.cpp:20:1: error: expected ';'\n"
      "ninja: build stopped: subcommand failed.\n";
  EXPECT_EQ(
      first_build_error(output, "/k"),
      (Lines{"lessons/student/02/fd.cpp: In member function 'int f()':",
             "lessons/student/02/fd.cpp:12:5: error: 'fd' was not declared",
             "   12 |     fd = 1;", "      |     ^~"}));
}

TEST(FirstBuildError, ErrorInAnIncludedHeaderKeepsTheIncludeChain) {
  const std::string output =
      "FAILED: t.o\n"
      "g++ -c t.cpp\n"
      "In file included from /k/lessons/06/tests/t.cpp:3:\n"
      "/k/lessons/student/06/lesson06.hpp:9:3: error: expected expression\n"
      "ninja: build stopped\n";
  EXPECT_EQ(first_build_error(output, "/k"),
            (Lines{"In file included from lessons/06/tests/t.cpp:3:",
                   "lessons/student/06/lesson06.hpp:9:3: error: expected "
                   "expression"}));
}

TEST(FirstBuildError, LinkerErrorIsTheUndefinedReference) {
  EXPECT_EQ(
      first_build_error("FAILED: lesson02_work_tests\n"
                        "g++ -o lesson02_work_tests a.o b.o\n"
                        "/usr/bin/ld: a.o: in function `f':\n"
                        "/usr/bin/ld: a.o:(.text+0x1): undefined reference to "
                        "`lesson02::FileDescriptor::release()'\n"
                        "collect2: error: ld returned 1 exit status\n",
                        {}),
      (Lines{"/usr/bin/ld: a.o:(.text+0x1): undefined reference to "
             "`lesson02::FileDescriptor::release()'"}));
}

}  // namespace
