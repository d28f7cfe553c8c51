// The report's JSON reader (src/check/report/json.hpp, internal): strict
// JSON, integers exact to 64 bits, \u0000-\u00ff as single bytes so that a
// path comes back byte for byte, bounded nesting, and an error that says
// what is wrong and at which byte.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ffikit/check/json_writer.hpp"
#include "report/json.hpp"

namespace ffikit::check::json {
namespace {

Value parsed(std::string_view text) {
  std::string error;
  const std::optional<Value> value = parse(text, error);
  EXPECT_TRUE(value.has_value()) << text << ": " << error;
  return value.value_or(Value{});
}

std::string error_of(std::string_view text, int depth = 16) {
  std::string error;
  EXPECT_FALSE(parse(text, error, depth).has_value()) << text;
  return error;
}

TEST(Json, Literals) {
  EXPECT_EQ(parsed("null").kind, Value::Kind::null);
  EXPECT_TRUE(parsed(" true ").boolean);
  const Value no = parsed("false");
  EXPECT_EQ(no.kind, Value::Kind::boolean);
  EXPECT_FALSE(no.boolean);
  EXPECT_EQ(error_of("nul"), "unknown literal at byte 0");
  EXPECT_EQ(error_of("tru"), "unknown literal at byte 0");
  EXPECT_EQ(error_of("True"), "value expected at byte 0");
}

TEST(Json, IntegersAreExactToSixtyFourBits) {
  EXPECT_EQ(parsed("0").as_int(), 0);
  EXPECT_EQ(parsed("-0").as_int(), 0);
  EXPECT_EQ(parsed("-0").as_unsigned(), 0U);
  EXPECT_EQ(parsed("18446744073709551615").as_unsigned(),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(parsed("18446744073709551615").as_int(), std::nullopt);
  EXPECT_EQ(parsed("9223372036854775807").as_int(),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parsed("-9223372036854775808").as_int(),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(parsed("-9223372036854775809").as_int(), std::nullopt);
  EXPECT_EQ(parsed("-5").as_unsigned(), std::nullopt);
  // Beyond 64 bits it is still a number, just not an integer.
  const Value huge = parsed("18446744073709551616");
  EXPECT_EQ(huge.kind, Value::Kind::number);
  EXPECT_EQ(huge.as_unsigned(), std::nullopt);
}

TEST(Json, FractionsAndExponentsAreNumbersNotIntegers) {
  for (const char* text : {"1.5", "-2.25", "1e3", "1E+3", "5e-1", "0.0"}) {
    const Value v = parsed(text);
    EXPECT_EQ(v.kind, Value::Kind::number) << text;
    EXPECT_EQ(v.as_int(), std::nullopt) << text;
  }
  EXPECT_DOUBLE_EQ(parsed("-2.25").number, -2.25);
}

TEST(Json, MalformedNumbers) {
  EXPECT_EQ(error_of("-"), "value expected at byte 1");
  EXPECT_EQ(error_of("01"), "leading zero at byte 2");
  EXPECT_EQ(error_of("-01"), "leading zero at byte 3");
  EXPECT_EQ(error_of("1."), "digits expected after '.' at byte 2");
  EXPECT_EQ(error_of("1e"), "digits expected in exponent at byte 2");
  EXPECT_EQ(error_of("1e+"), "digits expected in exponent at byte 3");
  EXPECT_EQ(error_of("1e999"), "number out of range at byte 5");
  EXPECT_EQ(error_of("+1"), "value expected at byte 0");
  EXPECT_EQ(error_of(".5"), "value expected at byte 0");
  EXPECT_EQ(error_of("NaN"), "value expected at byte 0");
  EXPECT_EQ(error_of("1 2"), "text after the value at byte 2");
}

TEST(Json, WhiteSpaceIsSpaceTabNewlineAndReturn) {
  EXPECT_EQ(parsed(" \t\r\n[ 1 ,\t2\r\n]\n").array.size(), 2U);
  EXPECT_EQ(error_of("\v1"), "value expected at byte 0");
}

TEST(Json, StringEscapes) {
  EXPECT_EQ(parsed(R"("a\"b\\c\/d\be\ff\ng\rh\ti")").string,
            "a\"b\\c/d\be\ff\ng\rh\ti");
  EXPECT_EQ(parsed("\"\"").string, "");
}

TEST(Json, LowEscapesAreBytesAndHigherOnesUtf8) {
  EXPECT_EQ(parsed(R"("\u0000\u000a\u00e9\u00FF")").string,
            std::string("\0\n\xe9\xff", 4));
  EXPECT_EQ(parsed(R"("\u0100")").string, "\xc4\x80");
  EXPECT_EQ(parsed(R"("\u20ac")").string, "\xe2\x82\xac");
  EXPECT_EQ(parsed(R"("\ud83d\ude00")").string, "\xf0\x9f\x98\x80");
}

TEST(Json, RawBytesAboveAsciiPassThrough) {
  EXPECT_EQ(parsed("\"\xc3\xa9\x80\xff\x7f\"").string, "\xc3\xa9\x80\xff\x7f");
}

TEST(Json, MalformedStrings) {
  EXPECT_EQ(error_of("\"abc"), "unterminated string at byte 4");
  EXPECT_EQ(error_of("\"abc\\"), "unterminated string at byte 5");
  EXPECT_EQ(error_of("\"a\nb\""), "control character in string at byte 3");
  EXPECT_EQ(error_of(R"("\x41")"), "unknown escape at byte 3");
  EXPECT_EQ(error_of(R"("\u12")"), R"(short \u escape at byte 3)");
  EXPECT_EQ(error_of(R"("\u12g4")"), R"(bad hex digit in \u escape at byte 6)");
  EXPECT_EQ(error_of(R"("\u12!4")"), R"(bad hex digit in \u escape at byte 6)");
  EXPECT_EQ(error_of(R"("\u12G4")"), R"(bad hex digit in \u escape at byte 6)");
  EXPECT_EQ(error_of(R"("\ud83d")"), "lone high surrogate at byte 7");
  EXPECT_EQ(error_of(R"("\ud83dx")"), "lone high surrogate at byte 7");
  EXPECT_EQ(error_of(R"("\ud83d\u0041")"), "bad low surrogate at byte 13");
  EXPECT_EQ(error_of(R"("\ud83d\u00")"), R"(short \u escape at byte 9)");
  EXPECT_EQ(error_of(R"("\ude00")"), "lone low surrogate at byte 7");
}

TEST(Json, ObjectsKeepMembersInOrder) {
  const Value v = parsed(R"( { "a" : 1 , "b" : [ true , null ] , "c" : {} } )");
  ASSERT_EQ(v.kind, Value::Kind::object);
  ASSERT_EQ(v.object.size(), 3U);
  EXPECT_EQ(v.object[0].name, "a");
  EXPECT_EQ(v.find("a")->as_int(), 1);
  ASSERT_EQ(v.find("b")->array.size(), 2U);
  EXPECT_EQ(v.find("b")->array[1].kind, Value::Kind::null);
  EXPECT_TRUE(v.find("c")->object.empty());
  EXPECT_EQ(v.find("d"), nullptr);
  EXPECT_EQ(parsed("[]").array.size(), 0U);
  // A repeated member: the first one counts.
  EXPECT_EQ(parsed(R"({"a":1,"a":2})").find("a")->as_int(), 1);
  // find() on something that is not an object finds nothing.
  EXPECT_EQ(parsed("[1]").find("a"), nullptr);
}

TEST(Json, MalformedContainers) {
  EXPECT_EQ(error_of("{"), "member name expected at byte 1");
  EXPECT_EQ(error_of("{1:2}"), "member name expected at byte 1");
  EXPECT_EQ(error_of(R"({"a" 1})"), "':' expected at byte 5");
  EXPECT_EQ(error_of(R"({"a":})"), "value expected at byte 5");
  EXPECT_EQ(error_of(R"({"a":1,})"), "member name expected at byte 7");
  EXPECT_EQ(error_of(R"({"a":1 "b":2})"), "',' or '}' expected at byte 7");
  EXPECT_EQ(error_of(R"({"a)"), "unterminated string at byte 3");
  EXPECT_EQ(error_of("[1,]"), "value expected at byte 3");
  EXPECT_EQ(error_of("[1 2]"), "',' or ']' expected at byte 3");
  EXPECT_EQ(error_of("["), "value expected at byte 1");
  EXPECT_EQ(error_of(""), "value expected at byte 0");
  EXPECT_EQ(error_of("   "), "value expected at byte 3");
}

TEST(Json, NestingIsBounded) {
  EXPECT_EQ(parsed("[[[[1]]]]").array[0].array[0].array[0].array[0].as_int(),
            1);
  std::string error;
  EXPECT_TRUE(parse("[[1]]", error, 2).has_value());
  EXPECT_EQ(error_of("[[[1]]]", 2), "nested too deep at byte 3");
  EXPECT_EQ(error_of(std::string(100000, '['), 16),
            "nested too deep at byte 17");
}

TEST(Json, WhatTheWriterWritesReadsBack) {
  struct Out {
    std::string text;
    void put(std::string_view s) { text += s; }
  };
  Out out;
  Writer<Out> w(out);
  std::string every_byte;
  for (int b = 0; b < 256; ++b) {
    every_byte += static_cast<char>(b);
  }
  w.raw("{");
  w.key("bytes", true);
  w.string(every_byte);
  w.key("min");
  w.number(std::numeric_limits<std::int64_t>::min());
  w.key("max");
  w.unsigned_number(std::numeric_limits<std::uint64_t>::max());
  w.key("zero");
  w.number(0);
  w.key("yes");
  w.boolean(true);
  w.key("no");
  w.boolean(false);
  w.raw("}");
  // Printable ASCII only: a path can never break a line of the report.
  for (const char c : out.text) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7f) << static_cast<int>(c);
  }
  const Value v = parsed(out.text);
  EXPECT_EQ(v.find("bytes")->string, every_byte);
  EXPECT_EQ(v.find("min")->as_int(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(v.find("max")->as_unsigned(),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(v.find("zero")->as_int(), 0);
  EXPECT_TRUE(v.find("yes")->boolean);
  EXPECT_FALSE(v.find("no")->boolean);
}

}  // namespace
}  // namespace ffikit::check::json
