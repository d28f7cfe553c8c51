#include "intercept/preload/report_files.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "report/jsonl_writer.hpp"

namespace ffikit::check::preload {
namespace {

// Written by the constructor (before threads) and by a fork child's hook
// (the only thread then); read while the lock is held.
// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables)
std::array<char, PATH_MAX> directory{};
std::array<char, PATH_MAX> executable{};
std::array<char, PATH_MAX> stem{};  // DIR/PID.N, without the extension
std::array<char, 128> fault_text{};
std::array<Finding, 1024> leak_buffer{};
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)

long raw_open(const char* path, int flags, unsigned mode = 0) noexcept {
  // SAFETY: a NUL-terminated path of our own; raw, so that no interposer
  // (ours or the program's) sees the report's own files.
  return ::syscall(SYS_openat, AT_FDCWD, path, flags | O_CLOEXEC, mode);
}

void raw_close_fd(long fd) noexcept {
  // SAFETY: a descriptor this file opened, closed once.
  ::syscall(SYS_close, fd);
}

// Appends @p parts to a fixed buffer; false when they do not fit.
class PathBuilder {
 public:
  explicit PathBuilder(std::array<char, PATH_MAX>& out) : out_(out) {}
  bool add(std::string_view part) noexcept {
    if (size_ + part.size() + 1 > out_.size()) {
      return false;
    }
    std::copy(part.begin(), part.end(), out_.begin() + size_);
    size_ += part.size();
    out_[size_] = '\0';
    return true;
  }
  bool add_number(std::uint64_t value) noexcept {
    std::array<char, 24> digits{};
    std::size_t n = digits.size();
    do {
      digits[--n] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    return add({digits.data() + n, digits.size() - n});
  }

 private:
  std::array<char, PATH_MAX>& out_;
  std::size_t size_ = 0;
};

// Writes through a fixed buffer with raw write(2).
class FileSink {
 public:
  explicit FileSink(long fd) noexcept : fd_(fd) {}
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;
  FileSink(FileSink&&) = delete;
  FileSink& operator=(FileSink&&) = delete;
  ~FileSink() { flush(); }

  void put(std::string_view text) noexcept {
    while (!text.empty()) {
      const std::size_t n = std::min(text.size(), buffer_.size() - used_);
      std::copy_n(text.data(), n, buffer_.data() + used_);
      used_ += n;
      text.remove_prefix(n);
      if (used_ == buffer_.size()) {
        flush();
      }
    }
  }

  void flush() noexcept {
    std::size_t done = 0;
    while (done < used_) {
      // SAFETY: writes from inside buffer_, within used_.
      const long n =
          ::syscall(SYS_write, fd_, buffer_.data() + done, used_ - done);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        break;  // a full disk loses the rest; the reader sees no end line
      }
      done += static_cast<std::size_t>(n);
    }
    used_ = 0;
  }

 private:
  long fd_;
  std::array<char, 8192> buffer_{};
  std::size_t used_ = 0;
};

// Parses "start-end perms offset dev inode   path" and writes a module line
// for an executable file mapping.
void module_line(FileSink& sink, std::string_view line) noexcept {
  const auto number = [](std::string_view& text, int base) {
    std::uint64_t value = 0;
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      int digit = -1;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (base == 16 && c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      }
      if (digit < 0) {
        break;
      }
      value =
          value * static_cast<unsigned>(base) + static_cast<unsigned>(digit);
    }
    text.remove_prefix(i);
    return value;
  };
  const std::uint64_t start = number(line, 16);
  if (line.empty() || line[0] != '-') {
    return;
  }
  line.remove_prefix(1);
  const std::uint64_t end = number(line, 16);
  if (line.size() < 6 || line[3] != 'x') {
    return;
  }
  line.remove_prefix(6);  // " r-xp "
  const std::uint64_t offset = number(line, 16);
  const std::size_t path = line.find('/');
  if (path == std::string_view::npos) {
    return;
  }
  jsonl::write_module(sink, start, end, offset, line.substr(path));
}

// Every executable file mapping, from /proc/self/maps.
void write_modules(FileSink& sink) noexcept {
  const long fd = raw_open("/proc/self/maps", O_RDONLY);
  if (fd < 0) {
    return;
  }
  std::array<char, 8192> chunk{};
  std::array<char, PATH_MAX + 256> line{};
  std::size_t line_size = 0;
  while (true) {
    // SAFETY: reads into chunk, within its size.
    const long n = ::syscall(SYS_read, fd, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    for (long i = 0; i < n; ++i) {
      const char c = chunk[static_cast<std::size_t>(i)];
      if (c == '\n') {
        module_line(sink, {line.data(), line_size});
        line_size = 0;
      } else if (line_size < line.size()) {
        line[line_size++] = c;
      }
    }
  }
  raw_close_fd(fd);
}

}  // namespace

bool set_report_place(const char* dir, const char* exe,
                      const char* fault) noexcept {
  const std::size_t d = std::strlen(dir);
  const std::size_t e = std::strlen(exe);
  const std::size_t f = std::strlen(fault);
  if (d + 1 > directory.size() || e + 1 > executable.size() ||
      f + 1 > fault_text.size()) {
    return false;
  }
  std::copy_n(dir, d + 1, directory.begin());
  std::copy_n(exe, e + 1, executable.begin());
  std::copy_n(fault, f + 1, fault_text.begin());
  return true;
}

void* create_trace_file() noexcept {
  // SAFETY: getpid cannot fail.
  const auto pid = static_cast<std::uint64_t>(::getpid());
  const std::size_t bytes = detail::ring_bytes(detail::ring_capacity);
  for (std::uint64_t image = 0; image < 64; ++image) {
    std::array<char, PATH_MAX> path{};
    PathBuilder name(stem);
    if (!name.add(directory.data()) || !name.add("/") ||
        !name.add_number(pid) || !name.add(".") || !name.add_number(image)) {
      return nullptr;
    }
    PathBuilder file(path);
    if (!file.add(stem.data()) || !file.add(".trace")) {
      return nullptr;
    }
    const long fd = raw_open(path.data(), O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0 && errno == EEXIST) {
      continue;  // an earlier image of this pid
    }
    if (fd < 0) {
      return nullptr;
    }
    // SAFETY: sizes a file this function just created.
    const bool sized = ::syscall(SYS_ftruncate, fd, bytes) == 0;
    void* storage = MAP_FAILED;
    if (sized) {
      // SAFETY: maps the whole file just sized; the mapping outlives the
      // descriptor, which is closed at once so that the program's
      // close-everything loops never meet it.
      storage =
          detail::real_calls().mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                                    MAP_SHARED, static_cast<int>(fd), 0);
    }
    raw_close_fd(fd);
    if (storage == MAP_FAILED) {
      return nullptr;
    }
    // The ring is written a slot at a time from its start, and most runs
    // fill a few pages of it: without this, the first write faults in a
    // readahead window of the new file (holes zeroed through the page
    // cache), most of a short run's cost. Advice only: failure is harmless.
    // SAFETY: the range is exactly the mapping made above.
    static_cast<void>(::syscall(SYS_madvise, storage, bytes, MADV_RANDOM));
    return storage;
  }
  return nullptr;
}

void write_report(detail::State& state, Ending ending, int status) noexcept {
  std::array<char, PATH_MAX> path{};
  PathBuilder file(path);
  if (stem[0] == '\0' || !file.add(stem.data()) || !file.add(".report")) {
    return;
  }
  const long fd = raw_open(path.data(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    return;
  }
  detail::verify_descriptors(state);
  {
    FileSink sink(fd);
    // SAFETY: getppid cannot fail.
    const pid_t parent = ::getppid();
    jsonl::write_header(sink, state.pid, parent, executable.data(),
                        ending_name(ending), status, fault_text.data());
    std::array<std::size_t, function_count> calls{};
    for (const Function function : all_functions) {
      calls[static_cast<std::size_t>(function)] =
          state.schedule.calls(function);
    }
    jsonl::write_calls(sink, calls);
    // An exec ends the image, not the process's holdings: descriptors with
    // close-on-exec and every mapping go away with it, and the ones that
    // survive were judged as leaked into exec. None of them is a leak here.
    const std::size_t leaks =
        ending == Ending::exec ? 0 : state.ledger.leaks(leak_buffer);
    const std::size_t kept = std::min(leaks, leak_buffer.size());
    jsonl::write_summary(sink, state.schedule.fired(),
                         state.schedule.injected(), state.ring.dropped(),
                         state.ledger.overflow() + (leaks - kept));
    write_modules(sink);
    for (const Finding& f : state.ledger.findings()) {
      jsonl::write_finding(sink, f);
    }
    for (std::size_t i = 0; i < kept; ++i) {
      jsonl::write_finding(sink, leak_buffer[i]);
    }
    state.ring.for_each([&](const Event& e) { jsonl::write_event(sink, e); });
    jsonl::write_end(sink);
  }
  raw_close_fd(fd);
}

void withdraw_report() noexcept {
  std::array<char, PATH_MAX> path{};
  PathBuilder file(path);
  if (stem[0] != '\0' && file.add(stem.data()) && file.add(".report")) {
    // SAFETY: removes the report file this library wrote.
    ::syscall(SYS_unlinkat, AT_FDCWD, path.data(), 0);
  }
}

}  // namespace ffikit::check::preload
