/// @file
/// A stage's report card, computed from its sweep, and the closing
/// comparison of all four. Pure: formatting only.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "ffikit/check/sweep.hpp"

namespace ffikit::tour {

/// What a sweep showed, in the tour's categories.
struct Card {
  int stage = 0;                 ///< 1 to 4.
  std::size_t calls = 0;         ///< Watched calls in the clean run.
  std::size_t cases = 0;         ///< Fault cases run.
  std::size_t clean_errors = 0;  ///< Reported the right call and errno.
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
};

/// Sorts @p report's cases into a card for stage @p stage.
Card make_card(int stage, const check::SweepReport& report, double seconds);

/// The card as a few indented lines.
std::string format_card(const Card& card);

/// The closing table, one row per card, with a verdict per row derived
/// from the counts (e.g. "every fault reported, nothing leaked").
std::string format_comparison(std::span<const Card> cards);

}  // namespace ffikit::tour
