/// @file
/// Small helpers shared by the kit's fuzz targets: a failure report that
/// libFuzzer (and the replay driver) treats as a crash, and a reader that
/// turns the fuzzer's bytes into fixed-width fields.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

/// Helpers for the libFuzzer targets under fuzz/.
namespace ffikit::fuzz {

/// A function broken() calls before aborting, e.g. to remove a target's
/// temporary files (abort skips atexit handlers); nullptr for none.
inline void (*&cleanup_before_abort())() {
  static void (*cleanup)() = nullptr;
  return cleanup;
}

/// Reports a broken invariant and aborts, so that libFuzzer saves the input
/// as a crash and the replay driver fails. The fixed prefix lets a test
/// tell a broken invariant apart from any other crash.
/// @param target the fuzz target's name ("contents").
/// @param what the invariant that failed, in words.
/// @param detail printed after what and ": " when not empty (the value
/// that broke it, an error message).
[[noreturn]] inline void broken(std::string_view target, std::string_view what,
                                std::string_view detail = {}) {
  // SAFETY: every %.*s gets an explicit length, so no view needs a NUL.
  std::fprintf(stderr, "ffikit-fuzz invariant broken [%.*s]: %.*s%s%.*s\n",
               static_cast<int>(target.size()), target.data(),
               static_cast<int>(what.size()), what.data(),
               detail.empty() ? "" : ": ", static_cast<int>(detail.size()),
               detail.data());
  std::fflush(stderr);
  if (cleanup_before_abort() != nullptr) {
    cleanup_before_abort()();
  }
  std::abort();
}

/// Calls broken() unless @p holds. Takes views so that a passing check
/// allocates nothing: fuzz targets run it millions of times.
inline void require(bool holds, std::string_view target, std::string_view what,
                    std::string_view detail = {}) {
  if (!holds) {
    broken(target, what, detail);
  }
}

/// The lowest descriptor number not in use, found by duplicating @p any_open_fd
/// and closing the copy. A run that leaks a descriptor makes it move up,
/// because the kernel always hands out the lowest free number; comparing it
/// before and after a run is two system calls, cheap enough for every run.
inline int lowest_free_descriptor(int any_open_fd, std::string_view target) {
  // SAFETY: F_DUPFD_CLOEXEC on an open descriptor returns a new one that is
  // owned here alone and closed at once.
  const int probe = ::fcntl(any_open_fd, F_DUPFD_CLOEXEC, 0);
  require(probe >= 0, target, "fcntl(F_DUPFD_CLOEXEC) failed");
  // SAFETY: probe was created just above and is closed exactly once.
  ::close(probe);
  return probe;
}

/// Reads little-endian fields from the front of a fuzz input. Missing bytes
/// read as zero, so every input, even an empty one, decodes to something:
/// a fixed layout lets libFuzzer's comparison tracing steer each field.
class ByteReader {
 public:
  /// Reads from the @p size bytes at @p data.
  ByteReader(const std::uint8_t* data, std::size_t size) noexcept
      : data_(data), size_(size) {}

  /// The next @p width bytes (at most 8) as an unsigned little-endian value.
  std::uint64_t take(std::size_t width) noexcept {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) {
      const std::uint64_t byte = at_ < size_ ? data_[at_] : 0U;
      value |= byte << (8U * i);
      ++at_;
    }
    return value;
  }

  /// Bytes not read yet.
  [[nodiscard]] std::size_t remaining() const noexcept {
    return at_ < size_ ? size_ - at_ : 0;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

}  // namespace ffikit::fuzz
