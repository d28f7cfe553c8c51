// Internal: a strict JSON reader for report lines. Integers are kept exact
// (64-bit addresses), and \u0000-\u00ff escapes come back as single bytes
// (the writer escapes every byte outside printable ASCII that way), so a
// path survives the round trip byte for byte.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ffikit::check::json {

/// @cond internal
struct Member;

/// One JSON value.
struct Value {
  enum class Kind : unsigned char {
    null,
    boolean,
    integer,
    number,
    string,
    array,
    object
  };
  Kind kind = Kind::null;
  bool boolean = false;
  bool negative = false;        // integer: the sign
  std::uint64_t magnitude = 0;  // integer: the absolute value
  double number = 0;            // number: a value with a fraction or exponent
  std::string string;
  std::vector<Value> array;
  // Members in their order. (A std::pair<std::string, Value> would need
  // Value complete here, which clang's checks refuse.)
  std::vector<Member> object;

  /// The member @p key of an object, or nullptr.
  [[nodiscard]] const Value* find(std::string_view key) const noexcept;
  /// The integer as int64 if it is one and fits.
  [[nodiscard]] std::optional<std::int64_t> as_int() const noexcept;
  /// The integer as uint64 if it is a non-negative one.
  [[nodiscard]] std::optional<std::uint64_t> as_unsigned() const noexcept;
};

/// One member of an object: its name and value.
struct Member {
  std::string name;
  Value value;
};

/// Parses @p text, which must hold exactly one value (surrounding white
/// space allowed), nested at most @p max_depth deep.
/// @return the value, or std::nullopt with @p error set to what is wrong
/// and at which byte offset.
std::optional<Value> parse(std::string_view text, std::string& error,
                           int max_depth = 16);
/// @endcond

}  // namespace ffikit::check::json
