// The control for the memcheck gate: allocates, opens and maps, releases it
// all, and must pass. Without it a gate that always fails would look fine.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

int main(int /*argc*/, char** argv) {
  const auto block = std::make_unique<int[]>(64);
  block[63] = 1;
  // SAFETY: argv[0] names this program, a readable regular file.
  const int fd = ::open(argv[0], O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return 1;
  }
  // SAFETY: one page of an open, non-empty file, read-only, address chosen
  // by the kernel; unmapped below before the descriptor is closed.
  void* page = ::mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
  const bool mapped = page != MAP_FAILED;
  // SAFETY: exactly the range mmap returned, unmapped once.
  const int unmapped = mapped ? ::munmap(page, 4096) : -1;
  // SAFETY: fd is owned here and closed once.
  const int closed = ::close(fd);
  std::printf("clean: block %d, mapped %d, unmapped %d, closed %d\n", block[63],
              mapped ? 1 : 0, unmapped, closed);
  return mapped && unmapped == 0 && closed == 0 ? 0 : 1;
}
