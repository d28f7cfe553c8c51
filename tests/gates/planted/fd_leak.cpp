// Planted defect: a descriptor opened and never closed. valgrind lists it
// at exit but does not count it as an error; the memcheck gate must.
#include <fcntl.h>

#include <cstdio>

int main(int /*argc*/, char** argv) {
  // SAFETY: argv[0] is a NUL-terminated path to this program, which
  // exists; the descriptor is leaked on purpose.
  const int fd = ::open(argv[0], O_RDONLY | O_CLOEXEC);
  std::printf("planted descriptor leak: fd %d\n", fd);
  return fd < 0 ? 1 : 0;
}
