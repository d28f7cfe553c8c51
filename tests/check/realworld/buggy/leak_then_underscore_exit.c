// A leak followed by _exit(0) (as a program that must not run atexit
// handlers leaves): no exit() handler of a checker runs, yet the
// descriptor was never closed.
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
  _exit(0);  // bug: fd never closed
}
