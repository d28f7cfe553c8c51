// creat() a file, write it, and return without close: creat is its own
// symbol, so a checker that watches only open() misses the leak.
// expect: leaked descriptor
// args: {out}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s OUT\n", argv[0]);
    return 2;
  }
  const int fd = creat(argv[1], (mode_t)0600);
  if (fd < 0) {
    perror("creat");
    return 2;
  }
  return write(fd, "made\n", 5) == 5 ? 0 : 1;  // bug: fd never closed
}
