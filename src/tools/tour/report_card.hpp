/// @file
/// A stage's report card, computed from its sweep, and the closing
/// comparison of all four. Pure: formatting only.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ffikit/check/sweep.hpp"

namespace ffikit::tour {

/// What a sweep showed, in the tour's categories.
struct Card {
  int stage = 0;                 ///< 1 to 4.
  std::size_t calls = 0;         ///< Watched calls in the clean run.
  std::size_t cases = 0;         ///< Fault cases run.
  std::size_t clean_errors = 0;  ///< Reported the right call and errno.
  /// Answered with success where the stage's written policy says so (a
  /// refused mmap read instead, a harmless close error on a read-only
  /// descriptor), nothing leaked.
  std::size_t recovered = 0;
  std::size_t deaths = 0;  ///< Ended the process (with or without a message).
  std::size_t deaths_with_message = 0;  ///< ... naming the call and errno.
  std::size_t crashes = 0;              ///< Killed by a signal or hung.
  std::size_t leaks = 0;                ///< Cases that left something behind.
  std::size_t violations = 0;  ///< Cases that broke ownership or nesting.
  std::size_t other = 0;       ///< Swallowed, wrong error, not reached.
  /// Deaths that left a descriptor or mapping behind (reclaimed only
  /// because the whole process ended).
  std::size_t died_holding = 0;
  double seconds = 0;  ///< Wall time of the sweep.
  /// Why the stage was not swept at all (its run without faults already
  /// ended the process, or never ended); empty when it was.
  std::string not_swept;
};

/// Sorts @p report's cases into a card for stage @p stage.
Card make_card(int stage, const check::SweepReport& report, double seconds);

/// A card for a stage that could not be swept, saying @p why.
Card unswept_card(int stage, std::string why);

/// The card as a few indented lines.
std::string format_card(const Card& card);

/// The card as one line of numbers, for a child process to hand to its
/// parent: "ffikit-tour-card: STAGE CALLS CASES ...".
std::string encode_card(const Card& card);

/// Reads encode_card()'s line back from anywhere in @p output.
/// @return std::nullopt when there is no such line, or it is malformed.
std::optional<Card> decode_card(std::string_view output);

/// The closing table, one row per card, with a verdict per row derived
/// from the counts (e.g. "every fault reported, nothing leaked").
std::string format_comparison(std::span<const Card> cards);

}  // namespace ffikit::tour
