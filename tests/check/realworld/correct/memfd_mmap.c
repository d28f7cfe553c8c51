// memfd_create + ftruncate + a shared mapping, the way Wayland clients make
// shared-memory buffers: write through the mapping, unmap, close.
// expect: ok
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  const int fd = memfd_create("buffer", MFD_CLOEXEC);
  if (fd < 0 || ftruncate(fd, 16384) != 0) {
    perror("memfd");
    return 2;
  }
  char* pixels = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (pixels == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  memset(pixels, 0x7f, 16384);
  char check = 0;
  const int ok = pread(fd, &check, 1, 9000) == 1 && check == 0x7f;
  const int released = munmap(pixels, 16384) == 0 && close(fd) == 0;
  return ok && released ? 0 : 1;
}
