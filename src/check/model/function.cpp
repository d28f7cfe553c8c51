#include "ffikit/check/function.hpp"

#include "ffikit/check/symbol.hpp"

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
    case Function::mremap:
      return "mremap";
    case Function::dup:
      return "dup";
    case Function::fcntl:
      return "fcntl";
    case Function::pipe:
      return "pipe";
    case Function::socket:
      return "socket";
    case Function::socketpair:
      return "socketpair";
    case Function::accept:
      return "accept";
    case Function::eventfd:
      return "eventfd";
    case Function::memfd_create:
      return "memfd_create";
    case Function::signalfd:
      return "signalfd";
    case Function::timerfd_create:
      return "timerfd_create";
    case Function::epoll_create:
      return "epoll_create";
    case Function::inotify_init:
      return "inotify_init";
    case Function::close_range:
      return "close_range";
    case Function::fopen:
      return "fopen";
    case Function::fdopen:
      return "fdopen";
    case Function::fclose:
      return "fclose";
    case Function::opendir:
      return "opendir";
    case Function::fdopendir:
      return "fdopendir";
    case Function::closedir:
      return "closedir";
    case Function::exec:
      return "exec";
    case Function::exit:
      return "exit";
    case Function::fork:
      return "fork";
  }
  return "?";
}

std::optional<Function> function_from_name(std::string_view text) noexcept {
  for (const Function function : all_functions) {
    if (text == name(function)) {
      return function;
    }
  }
  if (const std::optional<Symbol> symbol = symbol_from_name(text)) {
    return function_of(*symbol);
  }
  return std::nullopt;
}

std::optional<Symbol> symbol_from_name(std::string_view text) noexcept {
  for (std::size_t i = 0; i < symbol_count; ++i) {
    if (text == symbol_table[i].name) {
      return static_cast<Symbol>(i);
    }
  }
  return std::nullopt;
}

}  // namespace ffikit::check
