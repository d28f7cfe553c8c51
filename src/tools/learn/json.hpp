/// @file
/// A small JSON reader for the lesson manifest: enough of RFC 8259 for a
/// hand-written configuration file (objects, arrays, strings with the
/// common escapes, numbers, true, false, null).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

/// ffikit-learn, the lessons' runner.
namespace ffikit::learn {

struct JsonMember;

/// One JSON value.
struct Json {
  /// Which alternative the value holds.
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;          ///< The alternative.
  bool boolean = false;            ///< For Kind::boolean.
  double number = 0;               ///< For Kind::number.
  std::string string;              ///< For Kind::string.
  std::vector<Json> array;         ///< For Kind::array.
  std::vector<JsonMember> object;  ///< For Kind::object, in file order.

  /// The member @p key of an object, or a null value when absent.
  [[nodiscard]] const Json& operator[](std::string_view key) const;
  /// The member as a string, or @p fallback when it is absent or no string.
  [[nodiscard]] std::string text(std::string_view key,
                                 std::string_view fallback = "") const;
  /// The elements of the array member @p key that are strings.
  [[nodiscard]] std::vector<std::string> strings(std::string_view key) const;
};

/// One member of a JSON object.
struct JsonMember {
  std::string name;  ///< The key.
  Json value;        ///< The value.
};

/// Thrown by parse_json() with the byte offset of the problem.
class JsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses @p text, which must hold exactly one value.
/// @throws JsonError on malformed input.
Json parse_json(std::string_view text);

}  // namespace ffikit::learn
