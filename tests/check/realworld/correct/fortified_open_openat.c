// open() and openat() with flags known only at run time, as in any program
// that builds its flags from options. Built with -O2 -D_FORTIFY_SOURCE=2
// (as distributions build everything) the calls become __open_2 and
// __openat_2; built with -O0 they stay open and openat. Both must be seen.
// expect: ok
// args: {file} {dir}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s FILE DIR\n", argv[0]);
    return 2;
  }
  // Not a constant: the compiler cannot prove O_CREAT absent.
  int flags = O_RDONLY;
  if (strlen(argv[1]) > 1) {
    flags |= O_CLOEXEC;
  }
  const int file = open(argv[1], flags);
  const int dir = open(argv[2], flags | O_DIRECTORY);
  const int inside = dir < 0 ? -1 : openat(dir, "a.txt", flags);
  if (file < 0 || inside < 0) {
    perror("open");
    return 2;
  }
  char byte;
  const int ok = read(inside, &byte, 1) == 1 && byte == 'a';
  return ok && close(inside) == 0 && close(dir) == 0 && close(file) == 0 ? 0
                                                                         : 1;
}
