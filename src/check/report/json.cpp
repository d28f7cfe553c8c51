#include "report/json.hpp"

#include <charconv>
#include <limits>

namespace ffikit::check::json {
namespace {

class Parser {
 public:
  Parser(std::string_view text, int max_depth)
      : text_(text), max_depth_(max_depth) {}

  std::optional<Value> run(std::string& error) {
    Value value;
    skip_space();
    if (!parse_value(value, 0)) {
      error = error_ + " at byte " + std::to_string(at_);
      return std::nullopt;
    }
    skip_space();
    if (at_ != text_.size()) {
      error = "text after the value at byte " + std::to_string(at_);
      return std::nullopt;
    }
    return value;
  }

 private:
  bool fail(const char* why) {
    error_ = why;
    return false;
  }

  void skip_space() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' ||
                                  text_[at_] == '\n' || text_[at_] == '\r')) {
      ++at_;
    }
  }

  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) {
      return fail("unknown literal");
    }
    at_ += word.size();
    return true;
  }

  bool parse_value(Value& out, int depth) {
    if (depth > max_depth_) {
      return fail("nested too deep");
    }
    if (at_ >= text_.size()) {
      return fail("value expected");
    }
    switch (text_[at_]) {
      case '{':
        return parse_object(out, depth);
      case '[':
        return parse_array(out, depth);
      case '"':
        out.kind = Value::Kind::string;
        return parse_string(out.string);
      case 't':
        out.kind = Value::Kind::boolean;
        out.boolean = true;
        return literal("true");
      case 'f':
        out.kind = Value::Kind::boolean;
        return literal("false");
      case 'n':
        out.kind = Value::Kind::null;
        return literal("null");
      default:
        return parse_number(out);
    }
  }

  bool parse_object(Value& out, int depth) {
    out.kind = Value::Kind::object;
    ++at_;
    skip_space();
    if (at_ < text_.size() && text_[at_] == '}') {
      ++at_;
      return true;
    }
    while (true) {
      skip_space();
      std::string key;
      if (at_ >= text_.size() || text_[at_] != '"' || !parse_string(key)) {
        return error_.empty() ? fail("member name expected") : false;
      }
      skip_space();
      if (at_ >= text_.size() || text_[at_] != ':') {
        return fail("':' expected");
      }
      ++at_;
      skip_space();
      Value value;
      if (!parse_value(value, depth + 1)) {
        return false;
      }
      out.object.push_back(Member{std::move(key), std::move(value)});
      skip_space();
      if (at_ < text_.size() && text_[at_] == ',') {
        ++at_;
        continue;
      }
      if (at_ < text_.size() && text_[at_] == '}') {
        ++at_;
        return true;
      }
      return fail("',' or '}' expected");
    }
  }

  bool parse_array(Value& out, int depth) {
    out.kind = Value::Kind::array;
    ++at_;
    skip_space();
    if (at_ < text_.size() && text_[at_] == ']') {
      ++at_;
      return true;
    }
    while (true) {
      skip_space();
      Value value;
      if (!parse_value(value, depth + 1)) {
        return false;
      }
      out.array.push_back(std::move(value));
      skip_space();
      if (at_ < text_.size() && text_[at_] == ',') {
        ++at_;
        continue;
      }
      if (at_ < text_.size() && text_[at_] == ']') {
        ++at_;
        return true;
      }
      return fail("',' or ']' expected");
    }
  }

  bool hex4(unsigned& out) {
    if (text_.size() - at_ < 4) {
      return fail("short \\u escape");
    }
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[at_++];
      unsigned digit = 0;
      if (c >= '0' && c <= '9') {
        digit = static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<unsigned>(c - 'A' + 10);
      } else {
        return fail("bad hex digit in \\u escape");
      }
      out = out * 16 + digit;
    }
    return true;
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x800) {
      out += static_cast<char>(0xc0 | (code >> 6U));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xe0 | (code >> 12U));
      out += static_cast<char>(0x80 | ((code >> 6U) & 0x3fU));
    } else {
      out += static_cast<char>(0xf0 | (code >> 18U));
      out += static_cast<char>(0x80 | ((code >> 12U) & 0x3fU));
      out += static_cast<char>(0x80 | ((code >> 6U) & 0x3fU));
    }
    out += static_cast<char>(0x80 | (code & 0x3fU));
  }

  bool parse_string(std::string& out) {
    ++at_;  // the opening quote
    while (at_ < text_.size()) {
      // Plain bytes up to the next quote, escape or control byte in one go.
      const std::size_t run = at_;
      while (at_ < text_.size() && text_[at_] != '"' && text_[at_] != '\\' &&
             static_cast<unsigned char>(text_[at_]) >= 0x20) {
        ++at_;
      }
      out.append(text_.substr(run, at_ - run));
      if (at_ == text_.size()) {
        break;
      }
      const char c = text_[at_++];
      if (c == '"') {
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return fail("control character in string");
      }
      if (at_ >= text_.size()) {
        break;
      }
      const char escape = text_[at_++];
      switch (escape) {
        case '"':
        case '\\':
        case '/':
          out += escape;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned code = 0;
          if (!hex4(code)) {
            return false;
          }
          if (code <= 0xff) {
            out += static_cast<char>(code);  // a byte, as the writer meant
          } else if (code >= 0xd800 && code <= 0xdbff) {
            unsigned low = 0;
            if (text_.substr(at_, 2) != "\\u") {
              return fail("lone high surrogate");
            }
            at_ += 2;
            if (!hex4(low) || low < 0xdc00 || low > 0xdfff) {
              return error_.empty() ? fail("bad low surrogate") : false;
            }
            append_utf8(out,
                        0x10000 + ((code - 0xd800) << 10U) + (low - 0xdc00));
          } else if (code >= 0xdc00 && code <= 0xdfff) {
            return fail("lone low surrogate");
          } else {
            append_utf8(out, code);
          }
          break;
        }
        default:
          return fail("unknown escape");
      }
    }
    return fail("unterminated string");
  }

  bool parse_number(Value& out) {
    const std::size_t start = at_;
    const bool negative = at_ < text_.size() && text_[at_] == '-';
    if (negative) {
      ++at_;
    }
    const std::size_t digits = at_;
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') {
      ++at_;
    }
    if (at_ == digits) {
      return fail("value expected");
    }
    if (text_[digits] == '0' && at_ - digits > 1) {
      return fail("leading zero");
    }
    bool fraction = false;
    if (at_ < text_.size() && text_[at_] == '.') {
      fraction = true;
      ++at_;
      const std::size_t f = at_;
      while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') {
        ++at_;
      }
      if (at_ == f) {
        return fail("digits expected after '.'");
      }
    }
    if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
      fraction = true;
      ++at_;
      if (at_ < text_.size() && (text_[at_] == '+' || text_[at_] == '-')) {
        ++at_;
      }
      const std::size_t e = at_;
      while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') {
        ++at_;
      }
      if (at_ == e) {
        return fail("digits expected in exponent");
      }
    }
    const std::string_view whole = text_.substr(start, at_ - start);
    if (!fraction) {
      const auto [end, status] = std::from_chars(
          text_.data() + digits, text_.data() + at_, out.magnitude);
      if (status == std::errc{} && end == text_.data() + at_) {
        out.kind = Value::Kind::integer;
        out.negative = negative;
        return true;
      }
    }
    // A fraction, an exponent, or an integer beyond 64 bits.
    const auto [end, status] =
        std::from_chars(whole.data(), whole.data() + whole.size(), out.number);
    if (status != std::errc{} || end != whole.data() + whole.size()) {
      return fail("number out of range");
    }
    out.kind = Value::Kind::number;
    return true;
  }

  std::string_view text_;
  int max_depth_;
  std::size_t at_ = 0;
  std::string error_;
};

}  // namespace

const Value* Value::find(std::string_view key) const noexcept {
  for (const Member& member : object) {
    if (member.name == key) {
      return &member.value;
    }
  }
  return nullptr;
}

std::optional<std::int64_t> Value::as_int() const noexcept {
  if (kind != Kind::integer) {
    return std::nullopt;
  }
  constexpr auto max =
      static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (!negative) {
    return magnitude <= max ? std::optional<std::int64_t>(
                                  static_cast<std::int64_t>(magnitude))
                            : std::nullopt;
  }
  if (magnitude <= max) {
    return -static_cast<std::int64_t>(magnitude);
  }
  if (magnitude == max + 1) {
    return std::numeric_limits<std::int64_t>::min();
  }
  return std::nullopt;
}

std::optional<std::uint64_t> Value::as_unsigned() const noexcept {
  if (kind != Kind::integer || (negative && magnitude != 0)) {
    return std::nullopt;
  }
  return magnitude;
}

std::optional<Value> parse(std::string_view text, std::string& error,
                           int max_depth) {
  return Parser(text, max_depth).run(error);
}

}  // namespace ffikit::check::json
