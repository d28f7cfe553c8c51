#include "json.hpp"

#include <cctype>
#include <cstdlib>
#include <utility>

namespace ffikit::learn {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Json document() {
    Json value = parse_value();
    skip_space();
    if (at_ != text_.size()) {
      fail("unexpected text after the value");
    }
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw JsonError("manifest: " + what + " at byte " + std::to_string(at_));
  }

  void skip_space() {
    while (at_ < text_.size() &&
           std::isspace(static_cast<unsigned char>(text_[at_])) != 0) {
      ++at_;
    }
  }

  char peek() {
    skip_space();
    if (at_ >= text_.size()) {
      fail("unexpected end");
    }
    return text_[at_];
  }

  void expect(char c) {
    if (peek() != c) {
      fail(std::string("expected '") + c + "'");
    }
    ++at_;
  }

  bool take_word(std::string_view word) {
    if (text_.substr(at_, word.size()) == word) {
      at_ += word.size();
      return true;
    }
    return false;
  }

  Json parse_value() {
    const char c = peek();
    Json value;
    if (c == '{') {
      value.kind = Json::Kind::object;
      ++at_;
      if (peek() == '}') {
        ++at_;
        return value;
      }
      while (true) {
        std::string key = parse_string();
        expect(':');
        value.object.push_back(JsonMember{std::move(key), parse_value()});
        if (peek() == ',') {
          ++at_;
          continue;
        }
        expect('}');
        return value;
      }
    }
    if (c == '[') {
      value.kind = Json::Kind::array;
      ++at_;
      if (peek() == ']') {
        ++at_;
        return value;
      }
      while (true) {
        value.array.push_back(parse_value());
        if (peek() == ',') {
          ++at_;
          continue;
        }
        expect(']');
        return value;
      }
    }
    if (c == '"') {
      value.kind = Json::Kind::string;
      value.string = parse_string();
      return value;
    }
    if (take_word("true") || take_word("false")) {
      value.kind = Json::Kind::boolean;
      value.boolean = text_[at_ - 1] == 'e' && text_[at_ - 2] == 'u';
      return value;
    }
    if (take_word("null")) {
      return value;
    }
    const std::size_t start = at_;
    while (at_ < text_.size() &&
           (std::isdigit(static_cast<unsigned char>(text_[at_])) != 0 ||
            text_[at_] == '-' || text_[at_] == '+' || text_[at_] == '.' ||
            text_[at_] == 'e' || text_[at_] == 'E')) {
      ++at_;
    }
    if (start == at_) {
      fail("unexpected character");
    }
    value.kind = Json::Kind::number;
    value.number = std::strtod(
        std::string(text_.substr(start, at_ - start)).c_str(), nullptr);
    return value;
  }

  std::string parse_string() {
    expect('"');
    std::string out;
    while (true) {
      if (at_ >= text_.size()) {
        fail("unterminated string");
      }
      const char c = text_[at_++];
      if (c == '"') {
        return out;
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_ >= text_.size()) {
        fail("unterminated escape");
      }
      const char e = text_[at_++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          if (at_ + 4 > text_.size()) {
            fail("short \\u escape");
          }
          const auto code = std::strtoul(
              std::string(text_.substr(at_, 4)).c_str(), nullptr, 16);
          at_ += 4;
          if (code >= 0x80) {
            fail("only ASCII \\u escapes are supported");
          }
          out += static_cast<char>(code);
          break;
        }
        default:
          out += e;
          break;  // \" \\ \/
      }
    }
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

const Json& Json::operator[](std::string_view key) const {
  static const Json missing;
  for (const auto& [name, value] : object) {
    if (name == key) {
      return value;
    }
  }
  return missing;
}

std::string Json::text(std::string_view key, std::string_view fallback) const {
  const Json& value = (*this)[key];
  return value.kind == Kind::string ? value.string : std::string(fallback);
}

std::vector<std::string> Json::strings(std::string_view key) const {
  std::vector<std::string> out;
  for (const Json& item : (*this)[key].array) {
    if (item.kind == Kind::string) {
      out.push_back(item.string);
    }
  }
  return out;
}

Json parse_json(std::string_view text) { return Parser(text).document(); }

}  // namespace ffikit::learn
