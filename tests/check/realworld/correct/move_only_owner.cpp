// A move-only descriptor owner done right (the kit's stage 2, Rust's
// OwnedFd, absl's ScopedFD): the move constructor and move assignment
// leave the source at -1, so the destructors close each descriptor once,
// however the owners are shuffled through a std::vector.
// expect: ok
// args: {file}
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <utility>
#include <vector>

namespace {

class Fd {
 public:
  explicit Fd(int fd) noexcept : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  [[nodiscard]] int get() const noexcept { return fd_; }

 private:
  void reset() noexcept {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  int fd_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  std::vector<Fd> owners;
  for (int i = 0; i < 6; ++i) {
    Fd fd(::open(argv[1], O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
      return 2;
    }
    owners.push_back(std::move(fd));
  }
  Fd last = std::move(owners.back());
  owners.pop_back();
  owners.front() = std::move(last);
  return owners.size() == 5 ? 0 : 1;
}
