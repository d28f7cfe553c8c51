#include "ffikit/check/message.hpp"

#include <cstring>
#include <string>

namespace ffikit::check {

bool names_failure(std::string_view text, Function function, int error) {
  const std::string call = std::string(name(function)) + "(";
  const std::size_t at = text.find(call);
  return at != std::string_view::npos &&
         text.find(std::strerror(error), at) != std::string_view::npos;
}

}  // namespace ffikit::check
