// A file mapped, read, its descriptor closed, the mapping never unmapped
// (a reader that returns its result and forgets the view).
// expect: leaked mapping
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
  const char* map = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  const int ok = map[8191] == '\n';
  return ok && close(fd) == 0 ? 0 : 1;  // bug: map never unmapped
}
