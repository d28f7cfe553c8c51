#include "ffikit/check/trace_format.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <array>
#include <cstdint>
#include <string_view>

#include "ffikit/check/errno_catalog.hpp"

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

std::string hex(std::uintptr_t value) {
  constexpr std::string_view digits = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), digits[value & 0xfU]);
    value >>= 4U;
  } while (value != 0);
  return "0x" + out;
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
  if (event.function == Function::mmap) {
    return out +
           address(static_cast<std::uintptr_t>(event.result), show_addresses);
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

bool acquires(const Event& event) {
  return event.kind == Event::Kind::call && !event.failed() &&
         (event.function == Function::open ||
          (event.function == Function::mmap &&
           (event.map_flags & MAP_ANONYMOUS) == 0));
}

bool releases(const Event& event) {
  return event.kind == Event::Kind::call &&
         (event.function == Function::close ||
          event.function == Function::munmap);
}

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
    return event.path;
  }
  std::string out = event.symbol;
  out += '(';
  switch (event.function) {
    case Function::open:
      if (std::string_view(event.symbol).starts_with("openat")) {
        out +=
            event.dirfd == AT_FDCWD ? "AT_FDCWD" : std::to_string(event.dirfd);
        out += ", ";
      }
      out += '"' + event.path + "\", " + format_open_flags(event.flags);
      if ((event.flags & O_CREAT) != 0) {
        out += ", 0" + std::to_string((event.mode >> 6U) & 7U) +
               std::to_string((event.mode >> 3U) & 7U) +
               std::to_string(event.mode & 7U);
      }
      break;
    case Function::fstat:
    case Function::close:
      out += std::to_string(event.fd);
      break;
    case Function::mmap:
      out += address(event.address, show_addresses) + ", " +
             std::to_string(event.length) + ", " + format_prot(event.prot) +
             ", " + format_map_flags(event.map_flags) + ", " +
             std::to_string(event.fd) + ", " + std::to_string(event.offset);
      break;
    case Function::munmap:
      out += address(event.address, show_addresses) + ", " +
             std::to_string(event.length);
      break;
  }
  out += ')';
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
    if (acquires(event)) {
      ++depth;
    }
  }
  return out;
}

}  // namespace ffikit::check
