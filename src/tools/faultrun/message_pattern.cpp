#include "message_pattern.hpp"

#include <regex>

namespace ffikit::faultrun {

std::optional<std::string> pattern_error(const std::string& pattern) {
  try {
    const std::regex compiled{pattern};
    static_cast<void>(compiled);
  } catch (const std::regex_error& bad) {
    return std::string(bad.what());
  }
  return std::nullopt;
}

bool pattern_found(const std::string& pattern, std::string_view text) {
  return std::regex_search(text.begin(), text.end(), std::regex(pattern));
}

}  // namespace ffikit::faultrun
