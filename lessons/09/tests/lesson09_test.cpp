// Lesson 9's grader, unit half: the fixed parser's answers. The fuzz half is
// run by the fuzz verdicts (see the manifest).
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <ostream>
#include <span>
#include <string_view>

#include "lesson09.hpp"

namespace lesson09 {
// GoogleTest's printer for a summary: "{count 2, checksum 96354}".
void PrintTo(const RecordSummary& summary, std::ostream* out);
void PrintTo(const RecordSummary& summary, std::ostream* out) {
  *out << "{count " << summary.count << ", checksum " << summary.checksum
       << "}";
}
}  // namespace lesson09

namespace {

// The input sits at the start of a larger buffer, so that a parser reading
// past the end reads defined memory and gives a wrong answer here instead
// of crashing the grader (the fuzz verdict shows the crash).
std::optional<lesson09::RecordSummary> summarize(std::string_view text) {
  static std::array<std::byte, 512> buffer;
  buffer.fill(std::byte{'z'});
  for (std::size_t i = 0; i < text.size(); ++i) {
    buffer[i] = static_cast<std::byte>(text[i]);
  }
  return lesson09::summarize_records(
      std::span<const std::byte>(buffer.data(), text.size()));
}

TEST(Task2Parser, WellFormedRecordsAreCountedAndSummed) {
  const auto summary =
      summarize(std::string_view("RC\x01"
                                 "a"
                                 "\x02"
                                 "bc",
                                 7));
  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->count, 2U);
  EXPECT_EQ(summary->checksum, ((97U * 31U) + 98U) * 31U + 99U);
}

TEST(Task2Parser, MissingMagicIsInvalid) {
  EXPECT_EQ(summarize("XY"), std::nullopt);
  EXPECT_EQ(summarize("R"), std::nullopt);
}

TEST(Task2Parser, HeaderAloneHasNoRecords) {
  EXPECT_EQ(summarize("RC"), (lesson09::RecordSummary{0, 0}));
}

TEST(Task2Parser, LengthPastTheEndIsInvalid) {
  EXPECT_EQ(summarize(std::string_view("RC\x05"
                                       "ab",
                                       5)),
            std::nullopt);
  EXPECT_EQ(summarize(std::string_view("RC\x01"
                                       "a"
                                       "\xff",
                                       5)),
            std::nullopt);
}

TEST(Task2Parser, LengthOneBytePastTheEndIsInvalid) {
  // Two payload bytes announced, one present: the check must compare with
  // what is left after the length byte, not with what is left including it.
  EXPECT_EQ(summarize(std::string_view("RC\x02"
                                       "a",
                                       4)),
            std::nullopt);
  EXPECT_EQ(summarize(std::string_view("RC\x01"
                                       "a"
                                       "\x01",
                                       5)),
            std::nullopt);
}

}  // namespace
