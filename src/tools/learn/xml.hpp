/// @file
/// Just enough XML text handling for CTest's JUnit reports (reading) and the
/// runner's own (writing). Not a general XML parser.
#pragma once

#include <string>
#include <string_view>

namespace ffikit::learn {

/// Decodes the five predefined entities (`&lt;` `&gt;` `&amp;` `&quot;`
/// `&apos;`) and decimal character references (`&#NN;`, the low byte of the
/// number).
/// Malformed input is kept, never rejected: an '&' with no ';' after it
/// stays as is; an unknown entity is copied through whole, up to the next
/// ';' (so `a & b &lt;` is unchanged); `&#;` and hexadecimal `&#xNN;`
/// decode to a NUL byte.
[[nodiscard]] std::string unescape_xml(std::string_view text);

/// Escapes @p text for an attribute value or element content: the
/// characters < > & and the double quote become entities; control bytes
/// other than newline and tab become '?', since XML 1.0 cannot carry them.
/// Bytes from 0x80 up pass unchanged.
[[nodiscard]] std::string escape_xml(std::string_view text);

/// The unescaped value of attribute @p name in the start tag @p tag, or ""
/// when absent. The match is textual: the first place where @p name is
/// followed by an equals sign and a double quote wins, even inside another
/// attribute's name (asking for "name" in a tag with classname before name
/// finds the class name); a value without its closing quote runs to the
/// end of @p tag.
[[nodiscard]] std::string attribute(std::string_view tag,
                                    std::string_view name);

}  // namespace ffikit::learn
