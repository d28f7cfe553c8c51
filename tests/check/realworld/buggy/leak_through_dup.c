// Keeps a private copy of a descriptor with dup() (as a logger keeps its
// own handle on the file it was given), closes the original and forgets
// the copy. The leak is only visible to a checker that follows dup().
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
  if (fd < 0) {
    perror("open");
    return 2;
  }
  const int copy = dup(fd);
  if (copy < 0) {
    perror("dup");
    return 2;
  }
  char byte;
  if (read(copy, &byte, 1) != 1) {
    perror("read");
    return 2;
  }
  close(fd);
  return 0;  // bug: copy is never closed
}
