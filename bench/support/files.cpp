#include "ffikit/bench/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

namespace ffikit::bench {
namespace {

[[noreturn]] void throw_system_error(const char* operation,
                                     const std::string& path, int number) {
  throw std::system_error(number, std::system_category(),
                          std::string(operation) + "(" + path + ")");
}

// A descriptor closed on every path out of the functions below.
class Descriptor {
 public:
  explicit Descriptor(int fd) noexcept : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  Descriptor(Descriptor&&) = delete;
  Descriptor& operator=(Descriptor&&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) {
      // SAFETY: fd_ is a descriptor this object opened and nobody else
      // closes; a failed close of a read-only or already-synced file has
      // nothing left to report.
      static_cast<void>(::close(fd_));
    }
  }
  [[nodiscard]] int get() const noexcept { return fd_; }

 private:
  int fd_;
};

// Reads the whole file once, so its pages are in the page cache.
void read_through(const std::string& path) {
  // SAFETY: path.c_str() is NUL-terminated and has no interior NUL (it was
  // made from a folder name and a number).
  const Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    throw_system_error("open", path, errno);
  }
  std::vector<char> buffer(mib);
  for (;;) {
    // SAFETY: buffer holds buffer.size() writable bytes.
    const ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      throw_system_error("read", path, errno);
    }
    if (got == 0) {
      return;
    }
  }
}

// Writes @p size bytes of a repeating, non-zero pattern to a new file.
void write_file(const std::string& path, std::size_t size) {
  const std::string partial = path + ".partial";
  {
    // SAFETY: as in read_through; 0644 is the mode of the new file.
    const Descriptor fd(::open(partial.c_str(),
                               O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0) {
      throw_system_error("open", partial, errno);
    }
    std::vector<char> block(mib);
    for (std::size_t i = 0; i < block.size(); ++i) {
      block[i] = static_cast<char>('a' + static_cast<char>(i % 26U));
    }
    std::size_t left = size;
    while (left > 0) {
      const std::size_t chunk = left < block.size() ? left : block.size();
      // SAFETY: block holds at least chunk readable bytes.
      const ssize_t put = ::write(fd.get(), block.data(), chunk);
      if (put < 0 && errno == EINTR) {
        continue;
      }
      if (put <= 0) {
        throw_system_error("write", partial, put < 0 ? errno : ENOSPC);
      }
      left -= static_cast<std::size_t>(put);
    }
  }
  // Renamed only when complete, so an interrupted run never leaves a short
  // file that a later run would take for a finished one.
  std::filesystem::rename(partial, path);
}

}  // namespace

std::string files_folder() {
  // SAFETY: getenv returns a NUL-terminated string owned by the environment,
  // or NULL; nothing in these single-threaded programs changes it.
  const char* chosen = std::getenv("FFIKIT_BENCH_DIR");
  const std::filesystem::path folder =
      chosen != nullptr && *chosen != '\0'
          ? std::filesystem::path(chosen)
          : std::filesystem::temp_directory_path() / "ffikit-bench-files";
  std::filesystem::create_directories(folder);
  return folder.string();
}

std::string page_cached_file(std::size_t size) {
  std::string path = files_folder() + "/bytes-" + std::to_string(size) + ".bin";
  std::error_code error;
  const auto existing = std::filesystem::file_size(path, error);
  if (error || existing != size) {
    write_file(path, size);
  }
  read_through(path);
  return path;
}

std::uint64_t scan(const std::byte* bytes, std::size_t size) noexcept {
  std::uint64_t sum = 0;
  std::size_t i = 0;
  for (; i + sizeof(std::uint64_t) <= size; i += sizeof(std::uint64_t)) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes + i, sizeof word);
    sum += word;
  }
  for (; i < size; ++i) {
    sum += static_cast<std::uint64_t>(bytes[i]);
  }
  return sum;
}

std::string size_name(std::size_t size) {
  if (size >= gib && size % gib == 0) {
    return std::to_string(size / gib) + " GiB";
  }
  if (size >= mib && size % mib == 0) {
    return std::to_string(size / mib) + " MiB";
  }
  if (size >= kib && size % kib == 0) {
    return std::to_string(size / kib) + " KiB";
  }
  return std::to_string(size) + " B";
}

void die(const std::string& message) noexcept {
  // Nothing is left to do if stderr is gone; the exit status still tells.
  static_cast<void>(
      std::fprintf(stderr, "ffikit-bench: %s\n", message.c_str()));
  std::exit(1);
}

void die(const char* operation, const std::string& path, int number) noexcept {
  try {
    die(std::string(operation) + "(" + path + "): " + std::strerror(number));
  } catch (...) {
    die(std::string());
  }
}

}  // namespace ffikit::bench
