#include "lints.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <map>
#include <utility>

#include "ffikit/check/trace_format.hpp"
#include "trace_facts.hpp"

namespace ffikit::faultrun {
namespace {

using check::Event;
using check::Function;

// Major number of the memory devices (null, zero, full, random, urandom).
constexpr unsigned memory_devices = 1;

// The type of what descriptor @p fd, acquired at @p at, is: the first
// successful fstat of it before it is closed, else the file system's word
// on @p path.
std::optional<FileFacts> type_after_open(std::span<const Event> trace,
                                         std::size_t at, int fd,
                                         const std::string& path,
                                         const FileLookup& lookup) {
  for (std::size_t i = at + 1; i < trace.size(); ++i) {
    const Event& e = trace[i];
    if (e.fd != fd || e.kind != Event::Kind::call) {
      continue;
    }
    if (e.function == Function::close) {
      break;
    }
    if (e.function == Function::fstat && !e.failed()) {
      const auto type = mode_t{e.file_mode & S_IFMT};
      if (type != S_IFCHR || !lookup) {
        return FileFacts{type, 0};
      }
      break;  // a device: its major number needs the file system
    }
  }
  return lookup && !path.empty() ? lookup(path) : std::nullopt;
}

bool blocks_when_opened(const FileFacts& facts) {
  return facts.type == S_IFIFO ||
         (facts.type == S_IFCHR && facts.device_major != memory_devices);
}

}  // namespace

const char* file_type_name(mode_t type) noexcept {
  switch (type) {
    case S_IFREG:
      return "a regular file";
    case S_IFDIR:
      return "a directory";
    case S_IFIFO:
      return "a FIFO";
    case S_IFCHR:
      return "a character device";
    case S_IFBLK:
      return "a block device";
    case S_IFSOCK:
      return "a socket";
    case S_IFLNK:
      return "a symbolic link";
    default:
      return "a file of unknown type";
  }
}

std::vector<Lint> lint_trace(std::span<const Event> trace, std::size_t process,
                             const FileLookup& lookup) {
  std::vector<Lint> out;
  std::map<std::pair<std::string, std::uintptr_t>, std::size_t> seen;
  const auto add = [&](std::string kind, const Event& e,
                       const std::string& detail) {
    const auto key = std::pair{kind, e.site};
    if (const auto it = seen.find(key); it != seen.end()) {
      ++out[it->second].count;
      return;
    }
    seen.emplace(key, out.size());
    std::string message = check::format_event(e, false);
    if (!detail.empty()) {
      message += " [" + detail + "]";
    }
    Lint lint;
    lint.kind = std::move(kind);
    lint.message = std::move(message);
    lint.process = process;
    lint.site = e.site;
    lint.count = 1;
    out.push_back(std::move(lint));
  };
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const Event& e = trace[i];
    if (e.kind != Event::Kind::call) {
      continue;
    }
    if (e.function == Function::open && !e.failed()) {
      if ((e.flags & O_CLOEXEC) == 0) {
        add("open without O_CLOEXEC", e, "");
      }
      if ((e.flags & O_NONBLOCK) == 0 && (e.flags & O_PATH) == 0) {
        const auto facts = type_after_open(trace, i, static_cast<int>(e.result),
                                           e.path.str(), lookup);
        if (facts && blocks_when_opened(*facts)) {
          add("FIFO or device opened without O_NONBLOCK", e,
              file_type_name(facts->type));
        }
      }
    }
    if (e.function == Function::mmap) {
      if (e.length == 0) {
        add("mmap of length 0", e, "");
      }
      if (e.fd >= 0 && (e.map_flags & MAP_ANONYMOUS) == 0) {
        std::optional<FileFacts> facts;
        if (const auto type = recorded_file_type(trace, i)) {
          facts = FileFacts{*type, 0};
        } else if (lookup) {
          const std::string path = resource_path(trace, i);
          if (!path.empty()) {
            facts = lookup(path);
          }
        }
        if (facts && facts->type != S_IFREG) {
          add("mmap of a file that is not regular", e,
              file_type_name(facts->type));
        }
      }
    }
  }
  return out;
}

}  // namespace ffikit::faultrun
