// XML text handling: entities both ways, and malformed input kept as is.
#include <gtest/gtest.h>

#include <string>

#include "xml.hpp"

namespace {

using ffikit::learn::attribute;
using ffikit::learn::escape_xml;
using ffikit::learn::unescape_xml;

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

TEST(XmlRoundTrip, PrintableTextSurvivesEscapeThenUnescape) {
  const std::string text =
      R"(if (a < b && c > d) { s = "x"; t = 'y'; } &amp; stays literal)"
      "\n\ttab";
  EXPECT_EQ(unescape_xml(escape_xml(text)), text);
}

TEST(XmlRoundTrip, ControlBytesDoNotSurvive) {
  EXPECT_EQ(unescape_xml(escape_xml("a\rb")), "a?b");
}

TEST(UnescapeXml, PredefinedEntitiesAndDecimalReferencesDecode) {
  EXPECT_EQ(unescape_xml("&lt;&gt;&amp;&quot;&apos;&#65;&#10;"), "<>&\"'A\n");
}

TEST(UnescapeXml, DecodesOnceOnly) {
  EXPECT_EQ(unescape_xml("&amp;lt;"), "&lt;");
}

TEST(UnescapeXml, AmpersandWithoutSemicolonIsKept) {
  EXPECT_EQ(unescape_xml("a & b"), "a & b");
  EXPECT_EQ(unescape_xml("&lt"), "&lt");
  EXPECT_EQ(unescape_xml("&"), "&");
}

TEST(UnescapeXml, UnknownEntityIsCopiedThroughWhole) {
  EXPECT_EQ(unescape_xml("x&nbsp;y"), "x&nbsp;y");
  EXPECT_EQ(unescape_xml("&;"), "&;");
}

TEST(UnescapeXml, StrayAmpersandSwallowsTheNextEntity) {
  // The stray '&' takes everything up to the next ';' as one unknown entity.
  EXPECT_EQ(unescape_xml("a & b &lt;"), "a & b &lt;");
}

TEST(UnescapeXml, HexadecimalAndEmptyReferencesBecomeNul) {
  EXPECT_EQ(unescape_xml("&#x41;"), std::string("\0", 1));
  EXPECT_EQ(unescape_xml("[&#;]"), std::string("[\0]", 3));
}

TEST(UnescapeXml, ReferenceAbove255KeepsItsLowByte) {
  EXPECT_EQ(unescape_xml("&#321;"), "A");  // 321 = 256 + 65
}

TEST(XmlAttribute, ValueIsFoundAndUnescaped) {
  EXPECT_EQ(attribute(R"(<testcase name="a &amp; b" status="run")", "name"),
            "a & b");
  EXPECT_EQ(attribute(R"(<testcase name="a &amp; b" status="run")", "status"),
            "run");
}

TEST(XmlAttribute, MissingAttributeIsEmpty) {
  EXPECT_EQ(attribute(R"(<testcase name="a")", "status"), "");
  EXPECT_EQ(attribute(R"(<testcase status=run)", "status"), "");
}

TEST(XmlAttribute, EmptyValueIsEmpty) {
  EXPECT_EQ(attribute(R"(<failure message="")", "message"), "");
}

TEST(XmlAttribute, NameInsideALongerAttributeNameMatchesFirst) {
  EXPECT_EQ(attribute(R"(<testcase classname="c" name="n")", "name"), "c");
}

TEST(XmlAttribute, UnterminatedValueRunsToTheEndOfTheTag) {
  EXPECT_EQ(attribute(R"(<failure message="cut &lt;off)", "message"),
            "cut <off");
}

}  // namespace
