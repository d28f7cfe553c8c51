// The capstone's reference: stage 4 maps each file, write(2) copies it out.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <span>

#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace {

// Writes all of @p bytes to standard output. @return 0 or write's errno.
int write_all(std::span<const std::byte> bytes) noexcept {
  while (!bytes.empty()) {
    // SAFETY: bytes is a live view for the duration of the callback.
    const ssize_t written = ::write(STDOUT_FILENO, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;  // write, unlike close, has done nothing after EINTR
      }
      return errno;
    }
    bytes = bytes.subspan(static_cast<std::size_t>(written));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    const auto written =
        ffikit::stage4::try_with_mmap_file_contents(argv[i], write_all);
    if (!written) {
      std::fprintf(stderr, "cat: %s\n", written.error().message().c_str());
      status = 1;
    } else if (*written != 0) {
      const ffikit::Error error{
          "write", {*written, std::system_category()}, "stdout"};
      std::fprintf(stderr, "cat: %s\n", error.message().c_str());
      return 1;
    }
  }
  return status;
}
