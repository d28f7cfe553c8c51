#include "report_card.hpp"

#include <array>
#include <cstdio>
#include <sstream>

#include "stage_runs.hpp"

namespace ffikit::tour {
namespace {

constexpr std::string_view card_tag = "ffikit-tour-card:";

std::string right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text
                              : std::string(width - text.size(), ' ') + text;
}

std::string right(std::size_t number, std::size_t width) {
  return right(std::to_string(number), width);
}

std::string verdict(const Card& card) {
  if (!card.not_swept.empty()) {
    return "not swept: " + card.not_swept;
  }
  if (card.cases == 0) {
    return "no watched call to fail (the file was refused before any)";
  }
  if (card.crashes > 0) {
    return "crashes or hangs";
  }
  if (card.leaks > 0 || card.violations > 0) {
    return "leaks or misuses on error paths";
  }
  if (card.deaths == card.cases && card.cases > 0) {
    return card.deaths_with_message == card.deaths
               ? "dies on every fault; the caller cannot recover"
               : "dies on every fault, not always saying why";
  }
  if (card.clean_errors == card.cases) {
    return "every fault reported, nothing leaked";
  }
  if (card.clean_errors + card.recovered == card.cases) {
    return "every fault reported or recovered by policy, nothing leaked";
  }
  return "some faults hidden or misreported";
}

}  // namespace

Card make_card(int stage, const check::SweepReport& report, double seconds) {
  Card card;
  card.stage = stage;
  for (const std::size_t calls : report.calls) {
    card.calls += calls;
  }
  card.cases = report.cases.size();
  card.seconds = seconds;
  for (const check::SweepCase& c : report.cases) {
    card.died_holding += c.held_at_exit > 0 ? 1U : 0U;
    switch (c.verdict) {
      case check::Verdict::clean_error:
        ++card.clean_errors;
        break;
      case check::Verdict::recovered:
        ++card.recovered;
        break;
      case check::Verdict::died_with_message:
        ++card.deaths_with_message;
        ++card.deaths;
        break;
      case check::Verdict::died_otherwise:
        ++card.deaths;
        break;
      case check::Verdict::crashed:
      case check::Verdict::hung:
      case check::Verdict::not_started:
        ++card.crashes;
        break;
      case check::Verdict::leaked:
        ++card.leaks;
        break;
      case check::Verdict::violated:
        ++card.violations;
        break;
      case check::Verdict::swallowed:
      case check::Verdict::wrong_error:
      case check::Verdict::not_reached:
        ++card.other;
        break;
    }
  }
  return card;
}

Card unswept_card(int stage, std::string why) {
  Card card;
  card.stage = stage;
  card.not_swept = std::move(why);
  return card;
}

std::string format_card(const Card& card) {
  if (!card.not_swept.empty()) {
    return "  report card: no fault sweep (" + card.not_swept + ")\n";
  }
  std::array<char, 32> seconds{};
  static_cast<void>(
      std::snprintf(seconds.data(), seconds.size(), "%.2f", card.seconds));
  std::string out;
  out += "  report card: " + std::to_string(card.cases) + " fault cases (" +
         std::to_string(card.calls) +
         " calls x each documented errno x transient/persistent), " +
         seconds.data() + " s\n";
  out += "    clean errors " + std::to_string(card.clean_errors) +
         "   recovered by policy " + std::to_string(card.recovered) +
         "   process ended " + std::to_string(card.deaths) + " (" +
         std::to_string(card.deaths_with_message) +
         " with a message naming the call)   crashes/hangs " +
         std::to_string(card.crashes) + "\n";
  out += "    leaks " + std::to_string(card.leaks) +
         "   ownership/nesting violations " + std::to_string(card.violations) +
         "   hidden or wrong errors " + std::to_string(card.other) + "\n";
  if (card.deaths > 0) {
    out +=
        "    the process ended while still holding a descriptor or mapping "
        "in " +
        std::to_string(card.died_holding) +
        " cases (only exit reclaimed them)\n";
  }
  out += "    => " + verdict(card) + "\n";
  return out;
}

std::string encode_card(const Card& card) {
  std::ostringstream line;
  line << card_tag << ' ' << card.stage << ' ' << card.calls << ' '
       << card.cases << ' ' << card.clean_errors << ' ' << card.recovered << ' '
       << card.deaths << ' ' << card.deaths_with_message << ' ' << card.crashes
       << ' ' << card.leaks << ' ' << card.violations << ' ' << card.other
       << ' ' << card.died_holding << ' ' << card.seconds << '\n';
  return line.str();
}

std::optional<Card> decode_card(std::string_view output) {
  const std::size_t at = output.find(card_tag);
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  std::istringstream line(std::string(output.substr(at + card_tag.size())));
  Card card;
  line >> card.stage >> card.calls >> card.cases >> card.clean_errors >>
      card.recovered >> card.deaths >> card.deaths_with_message >>
      card.crashes >> card.leaks >> card.violations >> card.other >>
      card.died_holding >> card.seconds;
  if (!line) {
    return std::nullopt;
  }
  return card;
}

std::string format_comparison(std::span<const Card> cards) {
  std::string out;
  out +=
      "stage                                               cases  clean  recov "
      " ended  crash  leak  viol  other\n";
  for (const Card& card : cards) {
    std::string title = stage_title(card.stage);
    title.resize(50, ' ');
    if (!card.not_swept.empty()) {
      out += title + "      -      -      -      -      -     -     -      -\n";
      continue;
    }
    out += title + right(card.cases, 7) + right(card.clean_errors, 7) +
           right(card.recovered, 7) + right(card.deaths, 7) +
           right(card.crashes, 7) + right(card.leaks, 6) +
           right(card.violations, 6) + right(card.other, 7) + "\n";
  }
  for (const Card& card : cards) {
    out +=
        "  stage " + std::to_string(card.stage) + ": " + verdict(card) + "\n";
  }
  return out;
}

}  // namespace ffikit::tour
