// A view read after its mapping was unmapped (the dangling view of the
// kit's case study). Nothing is mapped in between, so the read faults
// natively; under --quarantine the released pages stay unusable whatever
// is mapped next, and the run must crash.
// expect: crashed
// faultrun: --quarantine
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  const int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    perror("open");
    return 2;
  }
  const volatile char* view = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
  if (view == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  munmap((void*)view, 8192);
  close(fd);
  return view[100] == '\n';  // bug: the view outlived its mapping
}
