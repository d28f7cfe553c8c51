// A memfd shared-memory buffer whose mapping is released but whose
// descriptor is not (the mapping was the visible part, so it was cleaned).
// expect: leaked descriptor
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  const int fd = memfd_create("buffer", MFD_CLOEXEC);
  if (fd < 0 || ftruncate(fd, 8192) != 0) {
    perror("memfd");
    return 2;
  }
  char* map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) {
    return 2;
  }
  memset(map, 1, 8192);
  return munmap(map, 8192) == 0 ? 0 : 1;  // bug: fd never closed
}
