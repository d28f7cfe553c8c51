/// @file
/// A JSON writer that never allocates.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

/// JSON in and out for the checker's reports.
namespace ffikit::check::json {

/// Writes JSON values to any Sink with `void put(std::string_view)`,
/// without allocating: the preload library writes its reports with it from
/// wherever the program ends, a signal handler included.
///
/// @code
/// struct Out {
///   std::string text;
///   void put(std::string_view s) { text += s; }
/// };
/// Out out;
/// ffikit::check::json::Writer<Out> w(out);
/// w.raw("{");
/// w.key("path", true);
/// w.string("/tmp/a\nb");
/// w.raw("}");
/// // out.text == R"({"path":"/tmp/a\u000ab"})"
/// @endcode
template <class Sink>
class Writer {
 public:
  /// Writes to @p sink, which must outlive the writer.
  explicit Writer(Sink& sink) noexcept : sink_(sink) {}

  /// Writes @p text as it is (punctuation, literals).
  void raw(std::string_view text) { sink_.put(text); }

  /// A signed integer.
  void number(std::int64_t value) {
    std::array<char, 24> buffer{};
    std::size_t n = buffer.size();
    const bool negative = value < 0;
    // Work in unsigned so that the most negative value has a magnitude.
    std::uint64_t magnitude = negative ? ~static_cast<std::uint64_t>(value) + 1
                                       : static_cast<std::uint64_t>(value);
    do {
      buffer[--n] = static_cast<char>('0' + magnitude % 10);
      magnitude /= 10;
    } while (magnitude != 0);
    if (negative) {
      buffer[--n] = '-';
    }
    raw({buffer.data() + n, buffer.size() - n});
  }

  /// An unsigned integer.
  void unsigned_number(std::uint64_t value) {
    std::array<char, 24> buffer{};
    std::size_t n = buffer.size();
    do {
      buffer[--n] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    raw({buffer.data() + n, buffer.size() - n});
  }

  /// A JSON string. Every byte outside printable ASCII is written as
  /// \\u00XX, so the bytes of a path (which need not be UTF-8) come back
  /// exactly: the reader maps \\u0000 to \\u00ff to single bytes.
  void string(std::string_view text) {
    constexpr std::string_view digits = "0123456789abcdef";
    raw("\"");
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto byte = static_cast<unsigned char>(text[i]);
      if (byte >= 0x20 && byte < 0x7f && byte != '"' && byte != '\\') {
        continue;
      }
      raw(text.substr(run, i - run));
      run = i + 1;
      if (byte == '"' || byte == '\\') {
        const std::array<char, 2> escaped{'\\', static_cast<char>(byte)};
        raw({escaped.data(), escaped.size()});
      } else {
        const std::array<char, 6> escaped{
            '\\', 'u', '0', '0', digits[byte >> 4U], digits[byte & 0xfU]};
        raw({escaped.data(), escaped.size()});
      }
    }
    raw(text.substr(run));
    raw("\"");
  }

  /// true or false.
  void boolean(bool value) { raw(value ? "true" : "false"); }

  /// `"key":` (preceded by a comma unless first).
  void key(std::string_view name, bool first = false) {
    if (!first) {
      raw(",");
    }
    string(name);
    raw(":");
  }

 private:
  Sink& sink_;
};

}  // namespace ffikit::check::json
