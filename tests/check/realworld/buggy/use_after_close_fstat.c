// Sizing a file after its descriptor was already closed by a helper: fstat
// on the closed number (EBADF here; in a threaded program it could stat
// another thread's file).
// expect: use after close
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
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
  char byte;
  const int ok = read(fd, &byte, 1) == 1;
  close(fd);
  struct stat st;
  if (fstat(fd, &st) != 0) {  // bug: fd was closed above
    perror("fstat");
  }
  return ok ? 0 : 1;
}
