// Text: a path kept in fixed storage, cut at its capacity and saying so,
// never silently; what every event and finding carries.
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "ffikit/check/text.hpp"

namespace ffikit::check {
namespace {

TEST(Text, ShortTextIsKeptWhole) {
  const Text t("/tmp/a");
  EXPECT_EQ(t.view(), "/tmp/a");
  EXPECT_STREQ(t.c_str(), "/tmp/a");
  EXPECT_EQ(t.str(), "/tmp/a");
  EXPECT_EQ(t.full_size(), 6U);
  EXPECT_FALSE(t.truncated());
  EXPECT_FALSE(t.empty());
  EXPECT_TRUE(t.well_formed());
  EXPECT_TRUE(Text().empty());
}

TEST(Text, NullPointerIsSaidNotFollowed) {
  const char* none = nullptr;
  EXPECT_EQ(Text(none), "(null)");
  Text t;
  t = none;
  EXPECT_EQ(t, "(null)");
}

TEST(Text, LongTextIsCutAndSaysHowLongItWas) {
  const std::string path(300, 'x');
  Text t;
  t = std::string_view(path);
  EXPECT_EQ(t.view().size(), Text::capacity);
  EXPECT_EQ(t.full_size(), 300U);
  EXPECT_TRUE(t.truncated());
  EXPECT_TRUE(t.well_formed());
  // A cut text never equals the text it was cut from, nor its kept part.
  EXPECT_FALSE(t == std::string_view(path));
  EXPECT_FALSE(t == std::string_view(path).substr(0, Text::capacity));
  std::ostringstream out;
  out << t;
  EXPECT_EQ(out.str(), std::string(Text::capacity, 'x') + "...");
}

TEST(Text, ExactlyCapacityIsNotCut) {
  const Text t(std::string(Text::capacity, 'y'));
  EXPECT_FALSE(t.truncated());
  std::ostringstream out;
  out << t;
  EXPECT_EQ(out.str(), std::string(Text::capacity, 'y'));
}

TEST(Text, ReaderRebuildsACutText) {
  Text t;
  t.assign("abc", 4000);
  EXPECT_EQ(t.view(), "abc");
  EXPECT_EQ(t.full_size(), 4000U);
  EXPECT_TRUE(t.truncated());
  t.assign("abcdef", 2);  // a whole length below what is kept is not believed
  EXPECT_EQ(t.full_size(), 6U);
  EXPECT_FALSE(t.truncated());
}

TEST(Text, EqualityComparesKeptBytesAndWholeLength) {
  EXPECT_EQ(Text("a"), Text("a"));
  EXPECT_FALSE(Text("a") == Text("b"));
  Text cut;
  cut.assign("a", 2);
  EXPECT_FALSE(cut == Text("a"));
  EXPECT_TRUE(Text(std::string_view("nul\0in", 6)) ==
              std::string_view("nul\0in", 6));
  EXPECT_TRUE(Text("c-string") == "c-string");
}

TEST(Text, BytesOfAnyValueAreKept) {
  const std::string bytes("\0\n\xff\x80\"", 5);
  const Text t(bytes);
  EXPECT_EQ(t.view(), bytes);
  EXPECT_EQ(t.full_size(), 5U);
}

}  // namespace
}  // namespace ffikit::check
