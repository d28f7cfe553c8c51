// Reading CTest's JUnit reports, from small hand-written files.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "ffikit/test_support/temp_dir.hpp"
#include "junit.hpp"

namespace {

using ffikit::learn::read_junit;
using ffikit::test_support::TempDir;

// Shaped like CTest's --output-junit: every case has a <system-out>.
constexpr const char* kReport = R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="Linux" tests="3" failures="1" disabled="0" skipped="1">
	<testcase name="lesson01.task1.unit@work" classname="lesson01.task1.unit@work" time="0.01" status="run">
		<system-out>[ RUN      ] A.B
[       OK ] A.B (0 ms)
</system-out>
	</testcase>
	<testcase name="lesson01.task2.asan@work" classname="lesson01.task2.asan@work" time="0.02" status="fail">
		<failure message="Failed"/>
		<system-out>x.cpp:3: Failure
Expected: 1
</system-out>
	</testcase>
	<testcase name="lesson01.task3.leaks@work" classname="lesson01.task3.leaks@work" time="0" status="notrun">
		<skipped message="Not Run"/>
		<system-out>Unable to find executable</system-out>
	</testcase>
</testsuite>
)";

TEST(ReadJunit, MissingFileGivesNoResults) {
  const TempDir dir;
  EXPECT_TRUE(read_junit(dir.join("absent.xml")).empty());
}

TEST(ReadJunit, EmptyFileGivesNoResults) {
  const TempDir dir;
  EXPECT_TRUE(read_junit(dir.write("empty.xml", "")).empty());
}

TEST(ReadJunit, PassedCaseHasItsOutputAndNoMessage) {
  const TempDir dir;
  const auto results = read_junit(dir.write("r.xml", kReport));
  ASSERT_EQ(results.size(), 3U);
  const auto& passed = results.at("lesson01.task1.unit@work");
  EXPECT_TRUE(passed.passed);
  EXPECT_EQ(passed.output, "[ RUN      ] A.B\n[       OK ] A.B (0 ms)\n");
  EXPECT_EQ(passed.message, "");
}

TEST(ReadJunit, FailedCaseHasItsMessageAndOutput) {
  const TempDir dir;
  const auto results = read_junit(dir.write("r.xml", kReport));
  const auto& failed = results.at("lesson01.task2.asan@work");
  EXPECT_FALSE(failed.passed);
  EXPECT_EQ(failed.message, "Failed");
  EXPECT_EQ(failed.output, "x.cpp:3: Failure\nExpected: 1\n");
}

TEST(ReadJunit, SkippedCaseIsNotPassedAndHasNoFailureMessage) {
  const TempDir dir;
  const auto results = read_junit(dir.write("r.xml", kReport));
  const auto& skipped = results.at("lesson01.task3.leaks@work");
  EXPECT_FALSE(skipped.passed);
  EXPECT_EQ(skipped.message, "");
  EXPECT_EQ(skipped.output, "Unable to find executable");
}

TEST(ReadJunit, EscapedCharactersInNameMessageAndOutputAreDecoded) {
  const TempDir dir;
  const auto results = read_junit(dir.write(
      "r.xml",
      R"(<testcase name="a&lt;b&gt;&amp;&quot;" status="fail">)"
      R"(<failure message="exit &quot;2&quot; &amp; &lt;core&gt;">)"
      R"(</failure><system-out>if (a &lt; b &amp;&amp; c) &#9;tab</system-out>)"
      R"(</testcase>)"));
  ASSERT_EQ(results.size(), 1U);
  const auto& result = results.at("a<b>&\"");
  EXPECT_FALSE(result.passed);
  EXPECT_EQ(result.message, "exit \"2\" & <core>");
  EXPECT_EQ(result.output, "if (a < b && c) \ttab");
}

TEST(ReadJunit, DisabledCaseIsNotPassed) {
  const TempDir dir;
  const auto results = read_junit(dir.write(
      "r.xml", R"(<testcase name="t" status="disabled"></testcase>)"));
  ASSERT_EQ(results.count("t"), 1U);
  EXPECT_FALSE(results.at("t").passed);
  EXPECT_EQ(results.at("t").output, "");
}

TEST(ReadJunit, CaseWithoutStatusIsNotPassed) {
  const TempDir dir;
  const auto results =
      read_junit(dir.write("r.xml", R"(<testcase name="t"></testcase>)"));
  EXPECT_FALSE(results.at("t").passed);
}

TEST(ReadJunit, RepeatedNameKeepsTheLastCase) {
  const TempDir dir;
  const auto results = read_junit(
      dir.write("r.xml", R"(<testcase name="t" status="fail"></testcase>)"
                         R"(<testcase name="t" status="run"></testcase>)"));
  ASSERT_EQ(results.size(), 1U);
  EXPECT_TRUE(results.at("t").passed);
}

TEST(ReadJunit, SelfClosingCaseDoesNotTakeTheNextCasesFailure) {
  const TempDir dir;
  const auto results = read_junit(dir.write(
      "r.xml",
      R"(<testcase name="empty" status="fail"/>)"
      R"(<testcase name="next" status="fail"><failure message="boom"/>)"
      R"(<system-out>next's output</system-out></testcase>)"));
  ASSERT_EQ(results.size(), 2U);
  EXPECT_FALSE(results.at("empty").passed);
  EXPECT_EQ(results.at("empty").message, "");
  EXPECT_EQ(results.at("empty").output, "");
  EXPECT_EQ(results.at("next").message, "boom");
  EXPECT_EQ(results.at("next").output, "next's output");
}

TEST(ReadJunit, SelfClosingPassedCaseIsPassed) {
  const TempDir dir;
  const auto results =
      read_junit(dir.write("r.xml", R"(<testcase name="t" status="run"/>)"));
  EXPECT_TRUE(results.at("t").passed);
}

TEST(ReadJunit, ReportCutOffInsideAStartTagKeepsTheWholeCases) {
  const TempDir dir;
  const auto results = read_junit(
      dir.write("r.xml", R"(<testcase name="whole" status="run"></testcase>)"
                         R"(<testcase name="cut" sta)"));
  ASSERT_EQ(results.size(), 1U);
  EXPECT_TRUE(results.at("whole").passed);
}

TEST(ReadJunit, ReportCutOffInsideACaseKeepsWhatItHas) {
  const TempDir dir;
  const auto results = read_junit(dir.write(
      "r.xml", R"(<testcase name="cut" status="fail"><failure message="m"/>)"
               R"(<system-out>partial)"));
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results.at("cut").message, "m");
  EXPECT_EQ(results.at("cut").output, "partial");
}

}  // namespace
