#include "ffikit/stage3_callback/failure.hpp"

#include <array>

namespace ffikit::stage3 {

std::string printable_path(std::string_view path) {
  constexpr std::array<char, 16> hex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                        '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string out;
  out.reserve(path.size());
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (byte == 0) {
      out += "\\0";
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      out += "\\x";
      out += hex[byte >> 4U];
      out += hex[byte & 0x0fU];
    }
  }
  return out;
}

std::string describe(std::string_view operation, std::string_view path,
                     const std::error_code& code) {
  std::string out(operation);
  out += '(';
  out += printable_path(path);
  out += "): ";
  out += code.message();
  return out;
}

void throw_failure(const Failure& failure, std::string_view path) {
  std::string what(failure.operation);
  what += '(';
  what += printable_path(path);
  what += ')';
  // system_error appends ": " and the code's message.
  throw std::system_error(failure.code, what);
}

}  // namespace ffikit::stage3
