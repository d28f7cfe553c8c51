// ffikit-bench-sink: drains standard input, a pipe, as fast as the kernel
// allows (splice(2) into /dev/null, no copy into this process), so that a
// timed "WRITER | ffikit-bench-sink" measures the writer. Falls back to
// read(2) when standard input cannot be spliced.
//
// Exit status: 0 at end of input, 1 on an error (named on stderr).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {

int fail(const char* operation) {
  // The exit status reports the failure even if stderr is gone.
  static_cast<void>(std::fprintf(stderr, "ffikit-bench-sink: %s: %s\n",
                                 operation, std::strerror(errno)));
  return 1;
}

}  // namespace

int main() {
  // SAFETY: a plain open of a fixed, NUL-terminated path.
  const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null < 0) {
    return fail("open(/dev/null)");
  }
  constexpr std::size_t chunk = std::size_t{1} << 20U;
  for (;;) {
    // SAFETY: moves up to chunk bytes from descriptor 0 to /dev/null inside
    // the kernel; no user memory is involved.
    const ssize_t moved =
        ::splice(STDIN_FILENO, nullptr, null, nullptr, chunk, SPLICE_F_MOVE);
    if (moved == 0) {
      return 0;
    }
    if (moved < 0 && errno == EINTR) {
      continue;
    }
    if (moved < 0 && errno == EINVAL) {
      break;  // Not a pipe: read instead.
    }
    if (moved < 0) {
      return fail("splice");
    }
  }
  std::vector<char> buffer(chunk);
  for (;;) {
    // SAFETY: buffer holds chunk writable bytes.
    const ssize_t got = ::read(STDIN_FILENO, buffer.data(), buffer.size());
    if (got == 0) {
      return 0;
    }
    if (got < 0 && errno != EINTR) {
      return fail("read");
    }
  }
}
