#include "trace_facts.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <map>

namespace ffikit::faultrun {
namespace {

using check::Event;
using check::Function;

// What the replay knows about a live descriptor.
struct Held {
  std::string path;
  std::optional<mode_t> type;
  std::optional<int> flags;
};

// Replays entries [0, end) into descriptor, stream and mapping tables.
struct Replay {
  std::map<int, Held> descriptors;
  std::map<std::uintptr_t, int> streams;           // stream -> its descriptor
  std::map<std::uintptr_t, std::string> mappings;  // start -> path

  void apply(const Event& e) {
    if (e.kind != Event::Kind::call || e.failed()) {
      return;
    }
    switch (e.function) {
      case Function::open:
        descriptors[static_cast<int>(e.result)] =
            Held{e.path.str(), {}, e.flags};
        break;
      case Function::fopen:
        descriptors[static_cast<int>(e.result)] = Held{e.path.str(), {}, {}};
        streams[e.stream] = static_cast<int>(e.result);
        break;
      case Function::opendir:
        descriptors[static_cast<int>(e.result)] =
            Held{e.path.str(), S_IFDIR, O_RDONLY};
        streams[e.stream] = static_cast<int>(e.result);
        break;
      case Function::fdopen:
      case Function::fdopendir:
        streams[e.stream] = e.fd;
        break;
      case Function::dup:
      case Function::fcntl:
        copy(e.fd, static_cast<int>(e.result));
        break;
      case Function::fstat:
        if (auto it = descriptors.find(e.fd); it != descriptors.end()) {
          it->second.type = mode_t{e.file_mode & S_IFMT};
        }
        break;
      case Function::mmap:
        if (e.fd >= 0) {
          mappings[static_cast<std::uintptr_t>(e.result)] = path_of_fd(e.fd);
        }
        break;
      case Function::close:
        descriptors.erase(e.fd);
        break;
      case Function::fclose:
      case Function::closedir:
        descriptors.erase(e.fd);
        streams.erase(e.stream);
        break;
      default:
        break;
    }
  }

  void copy(int from, int to) {
    const auto it = descriptors.find(from);
    descriptors[to] = it != descriptors.end() ? it->second : Held{};
  }

  [[nodiscard]] std::string path_of_fd(int fd) const {
    const auto it = descriptors.find(fd);
    return it != descriptors.end() ? it->second.path : std::string();
  }

  // The descriptor an entry works on, or -1.
  [[nodiscard]] int descriptor_of(const Event& e) const {
    if (e.stream != 0) {
      const auto it = streams.find(e.stream);
      if (it != streams.end()) {
        return it->second;
      }
    }
    return e.fd;
  }
};

Replay replay_until(std::span<const Event> trace, std::size_t end) {
  Replay replay;
  for (std::size_t i = 0; i < end && i < trace.size(); ++i) {
    replay.apply(trace[i]);
  }
  return replay;
}

}  // namespace

std::string resource_path(std::span<const Event> trace, std::size_t index) {
  if (index >= trace.size()) {
    return {};
  }
  const Event& e = trace[index];
  if (!e.path.empty() && e.function != Function::memfd_create) {
    return e.path.str();
  }
  const Replay replay = replay_until(trace, index);
  if (e.function == Function::munmap || e.function == Function::mremap) {
    // The mapping that contains the address.
    auto it = replay.mappings.upper_bound(e.address);
    if (it != replay.mappings.begin()) {
      --it;
      return it->second;
    }
    return {};
  }
  return replay.path_of_fd(replay.descriptor_of(e));
}

std::optional<mode_t> recorded_file_type(std::span<const Event> trace,
                                         std::size_t index) {
  if (index >= trace.size()) {
    return std::nullopt;
  }
  const Replay replay = replay_until(trace, index);
  const auto it = replay.descriptors.find(replay.descriptor_of(trace[index]));
  return it != replay.descriptors.end() ? it->second.type : std::nullopt;
}

std::optional<int> open_flags(std::span<const Event> trace, std::size_t index) {
  if (index >= trace.size()) {
    return std::nullopt;
  }
  const Replay replay = replay_until(trace, index);
  const auto it = replay.descriptors.find(replay.descriptor_of(trace[index]));
  return it != replay.descriptors.end() ? it->second.flags : std::nullopt;
}

std::optional<std::size_t> first_injected(std::span<const Event> trace) {
  for (std::size_t i = 0; i < trace.size(); ++i) {
    if (trace[i].injected) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace ffikit::faultrun
