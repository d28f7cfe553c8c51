/// @file
/// Text the checker records without allocating: a path or a note, copied
/// into fixed storage so that an interposer may run in a signal handler.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace ffikit::check {

/// A copy of at most Text::capacity bytes of some text, and the length the
/// whole text had: a longer path is kept as its first bytes and says so
/// (truncated()), never silently. Trivially copyable; assigning never
/// allocates.
class Text {
 public:
  /// Bytes kept; longer text is cut at this length and marked truncated.
  static constexpr std::size_t capacity = 255;

  /// Empty text.
  constexpr Text() noexcept = default;
  /// A copy of @p text (see assign()).
  // NOLINTNEXTLINE(google-explicit-constructor): text is text.
  Text(std::string_view text) noexcept { assign(text); }
  /// A copy of the NUL-terminated @p text, or "(null)" for nullptr.
  // NOLINTNEXTLINE(google-explicit-constructor): text is text.
  Text(const char* text) noexcept { assign_c_string(text); }

  /// Keeps the first capacity bytes of @p text and its whole length.
  void assign(std::string_view text) noexcept {
    full_size_ = text.size();
    size_ = static_cast<std::uint16_t>(std::min(text.size(), capacity));
    std::copy_n(text.data(), size_, bytes_.begin());
    bytes_[size_] = '\0';
  }

  /// Keeps the first capacity bytes of @p kept as the text whose whole
  /// length was @p full_size (at least kept.size()): how a reader rebuilds
  /// a Text that a report says was cut.
  void assign(std::string_view kept, std::size_t full_size) noexcept {
    assign(kept);
    full_size_ = std::max(full_size, full_size_);
  }

  /// As assign() for a NUL-terminated string; nullptr becomes "(null)".
  void assign_c_string(const char* text) noexcept {
    assign(text == nullptr ? std::string_view("(null)")
                           : std::string_view(text));
  }

  /// True when the stored size and terminator are consistent: a Text read
  /// back from bytes another process wrote (the trace ring) is checked
  /// with this before any other member is used.
  [[nodiscard]] bool well_formed() const noexcept {
    return size_ <= capacity && bytes_[size_] == '\0' && full_size_ >= size_;
  }

  /// Replaces the text with @p text; see assign().
  Text& operator=(std::string_view text) noexcept {
    assign(text);
    return *this;
  }
  /// Replaces the text with the C string @p text; see assign_c_string().
  Text& operator=(const char* text) noexcept {
    assign_c_string(text);
    return *this;
  }

  /// The kept bytes.
  [[nodiscard]] std::string_view view() const noexcept {
    return {bytes_.data(), size_};
  }
  /// The kept bytes, NUL-terminated.
  [[nodiscard]] const char* c_str() const noexcept { return bytes_.data(); }
  /// The kept bytes as a std::string.
  [[nodiscard]] std::string str() const { return std::string(view()); }
  /// True when nothing is kept.
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  /// The length of the text that was assigned (at least size()).
  [[nodiscard]] std::size_t full_size() const noexcept { return full_size_; }
  /// True when bytes were cut off.
  [[nodiscard]] bool truncated() const noexcept { return full_size_ > size_; }

  /// Equal when the kept bytes equal @p text and nothing was cut.
  friend bool operator==(const Text& a, std::string_view b) noexcept {
    return !a.truncated() && a.view() == b;
  }
  /// Equal when the kept bytes equal the C string @p b and nothing was cut.
  friend bool operator==(const Text& a, const char* b) noexcept {
    return a == std::string_view(b);
  }
  /// Equal when both kept the same bytes of texts of the same length.
  friend bool operator==(const Text& a, const Text& b) noexcept {
    return a.full_size_ == b.full_size_ && a.view() == b.view();
  }
  /// Prints the kept bytes (GoogleTest uses this in failure messages).
  friend std::ostream& operator<<(std::ostream& out, const Text& text) {
    return out << text.view() << (text.truncated() ? "..." : "");
  }

 private:
  std::array<char, capacity + 1> bytes_{};
  std::uint16_t size_ = 0;
  std::size_t full_size_ = 0;
};

}  // namespace ffikit::check
