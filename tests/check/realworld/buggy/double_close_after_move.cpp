// A move-only owner whose move constructor copies the descriptor and
// forgets to reset the source (a bug found in many hand-written RAII
// wrappers): the moved-from owner and the new owner both close it.
// expect: double close
// args: {file}
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <utility>

namespace {

class Fd {
 public:
  explicit Fd(int fd) noexcept : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.fd_) {}  // bug: other.fd_ not reset
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd& operator=(Fd&&) = delete;
  ~Fd() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  [[nodiscard]] int get() const noexcept { return fd_; }

 private:
  int fd_;
};

// Takes ownership of the descriptor it is given.
class Reader {
 public:
  explicit Reader(Fd&& fd) noexcept : fd_(std::move(fd)) {}
  [[nodiscard]] bool first_byte(char& byte) const noexcept {
    return fd_.get() >= 0 && ::pread(fd_.get(), &byte, 1, 0) == 1;
  }

 private:
  Fd fd_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  Fd opened(::open(argv[1], O_RDONLY | O_CLOEXEC));
  const Reader reader(std::move(opened));
  char byte = 0;
  return reader.first_byte(byte) ? 0 : 1;
  // Both `reader` and the moved-from `opened` close the descriptor here.
}
