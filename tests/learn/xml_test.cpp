// Escaping text for XML: markup characters and control bytes.
#include <gtest/gtest.h>

#include <string>

#include "xml.hpp"

namespace {

using ffikit::learn::escape_xml;

TEST(EscapeXml, MarkupCharactersBecomeEntitiesButApostropheStays) {
  EXPECT_EQ(escape_xml(R"(a<b>&"c')"), "a&lt;b&gt;&amp;&quot;c'");
}

TEST(EscapeXml, ControlBytesBecomeQuestionMarksExceptNewlineAndTab) {
  EXPECT_EQ(escape_xml(std::string("a\x01\r\n\tb\x1f", 7)), "a??\n\tb?");
  EXPECT_EQ(escape_xml(std::string("\0", 1)), "?");
}

TEST(EscapeXml, BytesFromHighHalfPassUnchanged) {
  EXPECT_EQ(escape_xml("caf\xc3\xa9 \x7f"), "caf\xc3\xa9 \x7f");
}

TEST(EscapeXml, EmptyTextStaysEmpty) { EXPECT_EQ(escape_xml(""), ""); }

}  // namespace
