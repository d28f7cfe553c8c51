// Sections of a lesson's hints.md, and indenting them for the terminal.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "context.hpp"
#include "ffikit/test_support/temp_dir.hpp"
#include "hints.hpp"
#include "tree.hpp"

namespace {

using ffikit::learn::Context;
using ffikit::learn::hint_section;
using ffikit::learn::indent;
using ffikit::learn::Lesson;
using ffikit::learn::testing::put;
using ffikit::test_support::TempDir;

class Hints : public ::testing::Test {
 protected:
  Hints() {
    context_.lessons_dir = dir_.path();
    lesson_.id = "01";
  }

  void write(const std::string& text) {
    put(context_.lessons_dir, "01/hints.md", text);
  }

  TempDir dir_;
  Context context_;
  Lesson lesson_;
};

TEST_F(Hints, SectionBodyWithoutSurroundingBlankLines) {
  write(
      "# Hints\n\n## General\n\nRead the man page.\n  Then try.\n\n"
      "## Task 1\nCheck errno.  \n \n\n## Task 2\nClose it.\n");
  EXPECT_EQ(hint_section(context_, lesson_, "General"),
            "Read the man page.\n  Then try.");
  EXPECT_EQ(hint_section(context_, lesson_, "Task 1"), "Check errno.");
  EXPECT_EQ(hint_section(context_, lesson_, "Task 2"), "Close it.");
}

TEST_F(Hints, MissingSectionIsEmpty) {
  write("## General\nsomething\n");
  EXPECT_EQ(hint_section(context_, lesson_, "Task 3"), "");
}

TEST_F(Hints, MissingFileIsEmpty) {
  EXPECT_EQ(hint_section(context_, lesson_, "General"), "");
}

TEST_F(Hints, HeadingMustMatchExactly) {
  write("## Task 10\nten\n## Task 1 \nspaced\n###  Task 1\ndeeper\n");
  EXPECT_EQ(hint_section(context_, lesson_, "Task 1"), "");
}

TEST_F(Hints, DeeperHeadingsStayInsideTheSection) {
  write("## Task 1\n### Why\nbecause\n## Task 2\nother\n");
  EXPECT_EQ(hint_section(context_, lesson_, "Task 1"), "### Why\nbecause");
}

TEST_F(Hints, RepeatedHeadingsAreJoined) {
  write("## General\none\n## Task 1\nx\n## General\ntwo\n");
  EXPECT_EQ(hint_section(context_, lesson_, "General"), "one\ntwo");
}

TEST(Indent, EveryLineGetsThePrefixAndANewline) {
  EXPECT_EQ(indent("a\nb", "  | "), "  | a\n  | b\n");
  EXPECT_EQ(indent("a\n\nb\n", "> "), "> a\n> \n> b\n");
}

TEST(Indent, EmptyTextGivesNothing) { EXPECT_EQ(indent("", "> "), ""); }

}  // namespace
