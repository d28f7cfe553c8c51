/// @file
/// The owner of one descriptor ffikit-faultrun opened: closed once, on
/// every path out.
#pragma once

#include <unistd.h>

namespace ffikit::faultrun {

/// Owns descriptor @p fd (or nothing, -1) and closes it when destroyed or
/// reset. Not copyable or movable: it lives in the scope that opened it.
class Descriptor {
 public:
  /// Takes @p fd (-1: owns nothing).
  explicit Descriptor(int fd = -1) noexcept : fd_(fd) {}
  ~Descriptor() { reset(); }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  Descriptor(Descriptor&&) = delete;
  Descriptor& operator=(Descriptor&&) = delete;
  /// The descriptor, or -1.
  [[nodiscard]] int get() const noexcept { return fd_; }
  /// Closes the descriptor now, if there is one; errors are ignored (a
  /// close is never retried: Linux releases the number even on EINTR).
  void reset() noexcept {
    if (fd_ >= 0) {
      // SAFETY: a descriptor this owner holds, closed once, never retried.
      ::close(fd_);
      fd_ = -1;
    }
  }

 private:
  int fd_;
};

}  // namespace ffikit::faultrun
