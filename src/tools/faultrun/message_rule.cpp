#include "message_rule.hpp"

#include <string.h>

#include <algorithm>
#include <array>

#include "ffikit/check/errno_catalog.hpp"

namespace ffikit::faultrun {
namespace {

bool is_word_byte(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool gives_reason_of(std::string_view line, int error) {
  // SAFETY: strerrordesc_np returns a constant string (or nullptr for an
  // unknown number) and is safe in any thread.
  const char* text = ::strerrordesc_np(error);
  const char* symbolic = check::errno_name(error);
  return (text != nullptr && contains_ignoring_case(line, text)) ||
         (symbolic != nullptr && contains_word(line, symbolic));
}

constexpr std::array<std::string_view, 2> opening = {"opening", "open"};
constexpr std::array<std::string_view, 4> releasing = {"close", "closing",
                                                       "write", "flush"};
constexpr std::array<std::string_view, 1> stating = {"stat"};
constexpr std::array<std::string_view, 2> mapping = {"map", "mapping"};
constexpr std::array<std::string_view, 2> unmapping = {"unmap", "unmapping"};

// Names of the standard descriptors in messages ("cat: standard output:
// Bad file descriptor").
constexpr std::array<std::array<std::string_view, 2>, 3> standard_names = {{
    {"standard input", "stdin"},
    {"standard output", "stdout"},
    {"standard error", "stderr"},
}};

bool gives_reason(std::string_view line, const FailedCall& call) {
  return gives_reason_of(line, call.error) ||
         std::any_of(call.more_errors.begin(), call.more_errors.end(),
                     [&](int e) { return gives_reason_of(line, e); });
}

bool names_path(std::string_view line, const FailedCall& call) {
  const auto in_line = [&](const std::string& path) {
    return !path.empty() && line.find(path) != std::string_view::npos;
  };
  if (std::any_of(call.more_paths.begin(), call.more_paths.end(), in_line)) {
    return true;
  }
  if (!call.path.empty()) {
    return in_line(call.path);
  }
  if (call.fd >= 0 && call.fd <= 2) {
    for (const std::string_view name :
         standard_names[static_cast<std::size_t>(call.fd)]) {
      if (contains_word(line, name)) {
        return true;
      }
    }
  }
  return false;
}

bool names_call_or_path(std::string_view line, const FailedCall& call) {
  if (names_path(line, call) ||
      contains_word(line, check::name(call.function)) ||
      contains_word(line, check::name(call.symbol))) {
    return true;
  }
  const auto words = call_words(call.function);
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) {
    return contains_word(line, w);
  });
}

}  // namespace

std::span<const std::string_view> call_words(
    check::Function function) noexcept {
  using check::Function;
  switch (function) {
    case Function::open:
    case Function::fopen:
    case Function::opendir:
      return opening;
    case Function::close:
    case Function::fclose:
    case Function::closedir:
    case Function::close_range:
      return releasing;
    case Function::fstat:
      return stating;
    case Function::mmap:
    case Function::mremap:
      return mapping;
    case Function::munmap:
      return unmapping;
    default:
      return {};
  }
}

bool contains_word(std::string_view text, std::string_view word) noexcept {
  if (word.empty()) {
    return false;
  }
  for (std::size_t at = text.find(word); at != std::string_view::npos;
       at = text.find(word, at + 1)) {
    const bool starts = at == 0 || !is_word_byte(text[at - 1]);
    const std::size_t end = at + word.size();
    const bool ends = end == text.size() || !is_word_byte(text[end]);
    if (starts && ends) {
      return true;
    }
  }
  return false;
}

bool contains_ignoring_case(std::string_view text,
                            std::string_view needle) noexcept {
  if (needle.empty()) {
    return true;
  }
  for (std::size_t at = 0; at + needle.size() <= text.size(); ++at) {
    std::size_t i = 0;
    while (i < needle.size() && lower(text[at + i]) == lower(needle[i])) {
      ++i;
    }
    if (i == needle.size()) {
      return true;
    }
  }
  return false;
}

MessageCheck check_message(std::string_view errors, const FailedCall& call) {
  if (call.fd == 2) {
    return MessageCheck::stderr_failed;
  }
  if (errors.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return MessageCheck::no_message;
  }
  bool any_reason = false;
  while (!errors.empty()) {
    const std::size_t end = errors.find('\n');
    const std::string_view line = errors.substr(0, end);
    errors.remove_prefix(end == std::string_view::npos ? errors.size()
                                                       : end + 1);
    if (!gives_reason(line, call)) {
      continue;
    }
    any_reason = true;
    if (names_call_or_path(line, call)) {
      return MessageCheck::named;
    }
  }
  return any_reason ? MessageCheck::names_nothing : MessageCheck::no_reason;
}

const char* explain(MessageCheck check) noexcept {
  switch (check) {
    case MessageCheck::named:
      return "";
    case MessageCheck::stderr_failed:
      return "the call failed on stderr itself";
    case MessageCheck::no_message:
      return "nothing was written to stderr";
    case MessageCheck::no_reason:
      return "no message gives the errno's text or name";
    case MessageCheck::names_nothing:
      return "the message names neither the path nor the call";
  }
  return "";
}

}  // namespace ffikit::faultrun
