// A memfd buffer whose descriptor is closed once mapped (as Wayland
// clients may) and whose mapping is then never unmapped.
// expect: leaked mapping
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  const int fd = memfd_create("frame", MFD_CLOEXEC);
  if (fd < 0 || ftruncate(fd, 16384) != 0) {
    perror("memfd");
    return 2;
  }
  char* map = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) {
    return 2;
  }
  memset(map, 2, 16384);
  return close(fd) == 0 ? 0 : 1;  // bug: map never unmapped
}
