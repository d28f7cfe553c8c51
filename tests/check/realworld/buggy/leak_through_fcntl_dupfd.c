// Moves a descriptor above 100 with fcntl(F_DUPFD, 100) (as programs that
// keep low numbers free for children do, e.g. bash for its script file),
// closes the low original and never closes the high copy.
// expect: leaked descriptor
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  const int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  const int high = fd < 0 ? -1 : fcntl(fd, F_DUPFD, 100);
  if (high < 0) {
    perror("fcntl");
    return 2;
  }
  close(fd);
  char byte;
  return pread(high, &byte, 1, 0) == 1 ? 0 : 1;  // bug: high never closed
}
