// The manifest reader: exact values, file order, and errors with offsets.
#include <gtest/gtest.h>

#include <string>

#include "json.hpp"

namespace {

using ffikit::learn::Json;
using ffikit::learn::JsonError;
using ffikit::learn::parse_json;

TEST(ManifestJson, ReadsNestedObjectsAndArraysInFileOrder) {
  const Json doc = parse_json(
      R"({"lessons": [{"id": "01", "tasks": [{"title": "a"}, {"title": "b"}]}],
                                  "schema": 1, "flag": true, "none": null})");
  ASSERT_EQ(doc["lessons"].array.size(), 1U);
  const Json& lesson = doc["lessons"].array[0];
  EXPECT_EQ(lesson.text("id"), "01");
  ASSERT_EQ(lesson["tasks"].array.size(), 2U);
  EXPECT_EQ(lesson["tasks"].array[1].text("title"), "b");
  EXPECT_EQ(doc["schema"].number, 1.0);
  EXPECT_TRUE(doc["flag"].boolean);
  EXPECT_EQ(doc["none"].kind, Json::Kind::null);
  EXPECT_EQ(doc.object.front().name, "lessons");
  EXPECT_EQ(doc.object.back().name, "none");
}

TEST(ManifestJson, FalseIsFalse) {
  EXPECT_FALSE(parse_json(R"({"checker": false})")["checker"].boolean);
  EXPECT_EQ(parse_json(R"({"checker": false})")["checker"].kind,
            Json::Kind::boolean);
}

TEST(ManifestJson, StringEscapesAreDecoded) {
  const Json doc = parse_json(R"({"p": "a\"b\\c\/d\n\u0041"})");
  EXPECT_EQ(doc.text("p"), "a\"b\\c/d\nA");
}

TEST(ManifestJson, MissingMembersGiveFallbacks) {
  const Json doc = parse_json(R"({"files": ["x.cpp", 3, "y.cpp"]})");
  EXPECT_EQ(doc.text("absent", "fallback"), "fallback");
  EXPECT_EQ(doc["absent"].kind, Json::Kind::null);
  EXPECT_EQ(doc.strings("files"), (std::vector<std::string>{"x.cpp", "y.cpp"}));
}

TEST(ManifestJson, MalformedInputNamesTheByteOffset) {
  try {
    static_cast<void>(parse_json(R"({"a": [1, 2,, 3]})"));
    ADD_FAILURE() << "no error for a double comma";
  } catch (const JsonError& error) {
    EXPECT_EQ(std::string(error.what()),
              "manifest: unexpected character at byte 12");
  }
  EXPECT_THROW(static_cast<void>(parse_json(R"({"a": "unterminated)")),
               JsonError);
  EXPECT_THROW(static_cast<void>(parse_json(R"({"a": 1} trailing)")),
               JsonError);
}

}  // namespace
