#include "report/hex.hpp"

#include <array>

namespace ffikit::check {

std::string hex(std::uintptr_t value) {
  constexpr std::string_view digits = "0123456789abcdef";
  std::array<char, 2 * sizeof value> buffer{};
  std::size_t n = buffer.size();
  do {
    buffer[--n] = digits[value & 0xfU];
    value >>= 4U;
  } while (value != 0);
  return "0x" + std::string(buffer.data() + n, buffer.size() - n);
}

std::string printable(std::string_view text) {
  constexpr std::string_view digits = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '\n':
        out += "\\n";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      default:
        break;
    }
    if (byte < 0x20 || byte >= 0x7f) {
      out += "\\x";
      out += digits[byte >> 4U];
      out += digits[byte & 0xfU];
    } else {
      out += c;
    }
  }
  return out;
}

std::string printable(const Text& text) {
  std::string out = printable(text.view());
  if (text.truncated()) {
    out += "...(" + std::to_string(text.full_size()) + " bytes)";
  }
  return out;
}

}  // namespace ffikit::check
