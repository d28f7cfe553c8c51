#include "ffikit/check/function.hpp"

namespace ffikit::check {

const char* name(Function function) noexcept {
  switch (function) {
    case Function::open:
      return "open";
    case Function::fstat:
      return "fstat";
    case Function::mmap:
      return "mmap";
    case Function::munmap:
      return "munmap";
    case Function::close:
      return "close";
  }
  return "?";
}

std::optional<Function> function_from_name(std::string_view text) noexcept {
  if (text == "open" || text == "open64" || text == "openat" ||
      text == "openat64" || text == "__open_2" || text == "__open64_2") {
    return Function::open;
  }
  if (text == "fstat" || text == "fstat64") {
    return Function::fstat;
  }
  if (text == "mmap" || text == "mmap64") {
    return Function::mmap;
  }
  if (text == "munmap") {
    return Function::munmap;
  }
  if (text == "close") {
    return Function::close;
  }
  return std::nullopt;
}

}  // namespace ffikit::check
