#include "ffikit/check/trace_format.hpp"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <array>
#include <cstdint>
#include <string_view>

#include "ffikit/check/errno_catalog.hpp"
#include "report/hex.hpp"

namespace ffikit::check {
namespace {

struct Bit {
  int value;
  const char* text;
};

std::string join_bits(int flags, std::span<const Bit> bits, std::string out) {
  for (const Bit& bit : bits) {
    if ((flags & bit.value) == bit.value && bit.value != 0) {
      out += out.empty() ? "" : "|";
      out += bit.text;
      flags &= ~bit.value;
    }
  }
  if (flags != 0) {
    out += out.empty() ? "" : "|";
    out += "0x";
    constexpr std::string_view digits = "0123456789abcdef";
    std::string number;
    auto rest = static_cast<unsigned>(flags);
    do {
      number.insert(number.begin(), digits[rest & 0xfU]);
      rest >>= 4U;
    } while (rest != 0);
    out += number;
  }
  return out.empty() ? "0" : out;
}

std::string address(std::uintptr_t value, bool show) {
  if (value == 0) {
    return "NULL";
  }
  return show ? hex(value) : "ADDR";
}

std::string result_text(const Event& event, bool show_addresses) {
  std::string out = " = ";
  if (event.failed()) {
    const char* error = errno_name(event.error);
    out += "-1 ";
    out += error != nullptr ? error : std::to_string(event.error);
    if (event.injected) {
      out += " (injected)";
    }
    return out;
  }
  switch (event.function) {
    case Function::mmap:
    case Function::mremap:
      return out +
             address(static_cast<std::uintptr_t>(event.result), show_addresses);
    case Function::fopen:
    case Function::fdopen:
    case Function::opendir:
    case Function::fdopendir:
      return out + "fd " + std::to_string(event.result) + " (" +
             (event.function == Function::opendir ||
                      event.function == Function::fdopendir
                  ? "DIR* "
                  : "FILE* ") +
             address(event.stream, show_addresses) + ")";
    default:
      break;
  }
  out += std::to_string(event.result);
  if (event.function == Function::fstat) {
    out += " {size " + std::to_string(event.file_size) + ", ";
    const unsigned type = event.file_mode & S_IFMT;
    out += type == S_IFREG   ? "regular file}"
           : type == S_IFDIR ? "directory}"
           : type == S_IFIFO ? "fifo}"
           : type == S_IFCHR ? "character device}"
                             : "other}";
  }
  if (event.quarantined) {
    out += " (quarantined: left PROT_NONE)";
  }
  return out;
}

// How many resources a call acquires (the trace indents by what is held).
int acquired_count(const Event& event) {
  if (event.kind != Event::Kind::call || event.failed()) {
    return 0;
  }
  switch (event.function) {
    case Function::open:
    case Function::dup:
    case Function::fcntl:
    case Function::socket:
    case Function::accept:
    case Function::eventfd:
    case Function::memfd_create:
    case Function::timerfd_create:
    case Function::epoll_create:
    case Function::inotify_init:
    case Function::fopen:
    case Function::opendir:
      return event.symbol == Symbol::freopen ||
                     event.symbol == Symbol::freopen64 ||
                     event.symbol == Symbol::dup2 ||
                     event.symbol == Symbol::dup3
                 ? 0
                 : 1;
    case Function::signalfd:
      return event.fd < 0 ? 1 : 0;
    case Function::pipe:
    case Function::socketpair:
      return 2;
    case Function::mmap:
      return (event.map_flags & MAP_ANONYMOUS) == 0 ? 1 : 0;
    default:
      return 0;
  }
}

bool releases(const Event& event) {
  if (event.kind != Event::Kind::call) {
    return false;
  }
  // What the kernel refused released nothing: a close of a number that was
  // not open (EBADF: a double close holds nothing), a munmap that failed.
  // Other failed closes did release (Linux closes whatever close returns),
  // and injected failures count as released, as the ledger counts them.
  if (event.failed() && !event.injected &&
      (event.error == EBADF || event.function == Function::munmap)) {
    return false;
  }
  return event.function == Function::close ||
         event.function == Function::fclose ||
         event.function == Function::closedir ||
         event.function == Function::munmap;
}

std::string quoted(const Text& text) { return '"' + printable(text) + '"'; }

}  // namespace

std::string format_open_flags(int flags) {
  static constexpr std::array bits = {
      Bit{O_WRONLY, "O_WRONLY"},     Bit{O_RDWR, "O_RDWR"},
      Bit{O_CREAT, "O_CREAT"},       Bit{O_EXCL, "O_EXCL"},
      Bit{O_TRUNC, "O_TRUNC"},       Bit{O_APPEND, "O_APPEND"},
      Bit{O_NONBLOCK, "O_NONBLOCK"}, Bit{O_DIRECTORY, "O_DIRECTORY"},
      Bit{O_NOFOLLOW, "O_NOFOLLOW"}, Bit{O_CLOEXEC, "O_CLOEXEC"},
      Bit{O_NOCTTY, "O_NOCTTY"},     Bit{O_LARGEFILE, "O_LARGEFILE"},
  };
  const std::string access = (flags & O_ACCMODE) == O_RDONLY ? "O_RDONLY" : "";
  return join_bits(flags, bits, access);
}

std::string format_prot(int prot) {
  static constexpr std::array bits = {Bit{PROT_READ, "PROT_READ"},
                                      Bit{PROT_WRITE, "PROT_WRITE"},
                                      Bit{PROT_EXEC, "PROT_EXEC"}};
  return prot == 0 ? "PROT_NONE" : join_bits(prot, bits, "");
}

std::string format_map_flags(int flags) {
  static constexpr std::array bits = {
      Bit{MAP_SHARED, "MAP_SHARED"},       Bit{MAP_PRIVATE, "MAP_PRIVATE"},
      Bit{MAP_FIXED, "MAP_FIXED"},         Bit{MAP_ANONYMOUS, "MAP_ANONYMOUS"},
      Bit{MAP_NORESERVE, "MAP_NORESERVE"}, Bit{MAP_POPULATE, "MAP_POPULATE"},
  };
  return join_bits(flags, bits, "");
}

std::string format_event(const Event& event, bool show_addresses) {
  if (event.kind == Event::Kind::note) {
    return printable(event.path);
  }
  const auto number = [](auto value) { return std::to_string(value); };
  std::string out = name(event.symbol);
  out += '(';
  switch (event.function) {
    case Function::open:
      if (event.symbol == Symbol::creat || event.symbol == Symbol::creat64) {
        out += quoted(event.path) + ", 0" + number((event.mode >> 6U) & 7U) +
               number((event.mode >> 3U) & 7U) + number(event.mode & 7U);
        break;
      }
      if (std::string_view(name(event.symbol)).find("openat") !=
          std::string_view::npos) {
        out += event.dirfd == AT_FDCWD ? "AT_FDCWD" : number(event.dirfd);
        out += ", ";
      }
      out += quoted(event.path) + ", " + format_open_flags(event.flags);
      if ((event.flags & O_CREAT) != 0) {
        out += ", 0" + number((event.mode >> 6U) & 7U) +
               number((event.mode >> 3U) & 7U) + number(event.mode & 7U);
      }
      break;
    case Function::fstat:
    case Function::close:
    case Function::accept:
    case Function::fdopen:
    case Function::fdopendir:
      out += number(event.fd);
      break;
    case Function::dup:
      out += number(event.fd);
      if (event.symbol != Symbol::dup) {
        out += ", " + number(event.fd2);
      }
      if (event.symbol == Symbol::dup3) {
        out += ", " + format_open_flags(event.flags);
      }
      break;
    case Function::fcntl:
      out += number(event.fd) +
             (event.flags == F_DUPFD ? ", F_DUPFD, " : ", F_DUPFD_CLOEXEC, ") +
             number(event.fd2);
      break;
    case Function::pipe:
    case Function::socketpair:
      out += event.failed()
                 ? std::string("[?, ?]")
                 : "[" + number(event.fd) + ", " + number(event.fd2) + "]";
      break;
    case Function::socket:
      out += "domain " + number(event.mode) + ", type " + number(event.flags);
      break;
    case Function::memfd_create:
      out += quoted(event.path) + ", " + number(event.flags);
      break;
    case Function::signalfd:
      out += number(event.fd) + ", " + number(event.flags);
      break;
    case Function::eventfd:
    case Function::timerfd_create:
    case Function::epoll_create:
    case Function::inotify_init:
      out += number(event.flags);
      break;
    case Function::close_range:
      out += number(event.fd);
      if (event.symbol == Symbol::close_range) {
        out += ", " + number(static_cast<unsigned>(event.fd2)) + ", " +
               number(event.flags);
      }
      break;
    case Function::fopen:
      out += quoted(event.path);
      if (event.flags != 0) {
        // The mode as open(2) flags; "r" alone is O_RDONLY, 0.
        out += ", " + format_open_flags(event.flags);
      }
      if (event.stream != 0 && (event.symbol == Symbol::freopen ||
                                event.symbol == Symbol::freopen64)) {
        out += ", FILE* " + address(event.stream, show_addresses);
      }
      break;
    case Function::opendir:
    case Function::exec:
      out += event.fd >= 0 && event.path.empty() ? number(event.fd)
                                                 : quoted(event.path);
      break;
    case Function::fclose:
    case Function::closedir:
      if (event.symbol != Symbol::fcloseall) {
        out += (event.function == Function::closedir ? "DIR* " : "FILE* ") +
               address(event.stream, show_addresses) + ": fd " +
               number(event.fd);
      }
      break;
    case Function::mmap:
      out += address(event.address, show_addresses) + ", " +
             number(event.length) + ", " + format_prot(event.prot) + ", " +
             format_map_flags(event.map_flags) + ", " + number(event.fd) +
             ", " + number(event.offset);
      break;
    case Function::munmap:
      out +=
          address(event.address, show_addresses) + ", " + number(event.length);
      break;
    case Function::mremap:
      out += address(event.address, show_addresses) + ", " +
             number(event.length) + ", " + number(event.new_length) + ", " +
             number(event.map_flags);
      break;
    case Function::exit:
      out += number(event.flags);
      break;
    case Function::fork:
      break;
  }
  out += ')';
  if (event.function == Function::exit || event.symbol == Symbol::closefrom) {
    return out;
  }
  return out + result_text(event, show_addresses);
}

std::string format_trace(std::span<const Event> events, bool show_addresses) {
  std::string out;
  std::size_t depth = 0;
  for (const Event& event : events) {
    if (releases(event) && depth > 0) {
      --depth;
    }
    out += std::string(2 * depth, ' ') + format_event(event, show_addresses) +
           '\n';
    depth += static_cast<std::size_t>(acquired_count(event));
  }
  return out;
}

}  // namespace ffikit::check
