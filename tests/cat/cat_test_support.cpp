#include "cat_test_support.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace ffikit::cat_test {

std::string read_file(const std::string& path) {
  std::error_code error;
  stage2::FileDescriptor fd = stage2::open_read_only(path, error);
  if (error) {
    ADD_FAILURE() << "cannot open " << path << ": " << error.message();
    return {};
  }
  std::string out;
  std::array<char, 65536> buffer{};
  for (;;) {
    // SAFETY: buffer is a live writable array of buffer.size() bytes.
    const ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      ADD_FAILURE() << "cannot read " << path << ": " << std::strerror(errno);
      return {};
    }
    if (got == 0) {
      return out;
    }
    out.append(buffer.data(), static_cast<std::size_t>(got));
  }
}

stage2::FileDescriptor open_for_writing(const std::string& path) {
  // SAFETY: path is NUL-terminated; O_CREAT comes with its mode argument.
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    ADD_FAILURE() << "cannot create " << path << ": " << std::strerror(errno);
  }
  return stage2::FileDescriptor(fd);
}

Pipe make_pipe() {
  std::array<int, 2> ends{-1, -1};
  // SAFETY: ends is a live array of two ints for the kernel to fill.
  if (::pipe2(ends.data(), O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2: " << std::strerror(errno);
  }
  return {stage2::FileDescriptor(ends[0]), stage2::FileDescriptor(ends[1])};
}

stage2::FileDescriptor pipe_holding(std::string_view data) {
  Pipe pipe = make_pipe();
  // SAFETY: data is a live readable range; it fits the pipe, so one blocking
  // write takes it all.
  const ssize_t written = ::write(pipe.write.get(), data.data(), data.size());
  EXPECT_EQ(written, static_cast<ssize_t>(data.size()));
  return std::move(pipe.read);
}

std::string pattern_bytes(std::size_t size, unsigned seed) {
  std::string out(size, '\0');
  std::uint32_t state = seed * 2654435761U + 1U;
  for (char& byte : out) {
    state = state * 1664525U + 1013904223U;  // Numerical Recipes LCG.
    byte = static_cast<char>(state >> 24U);
  }
  return out;
}

std::size_t page_size() {
  // SAFETY: sysconf only reads a configuration value.
  return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace ffikit::cat_test
