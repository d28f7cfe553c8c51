// creat(), the oldest way to make a file (still in use in ported Unix
// code, e.g. ed and older shells' redirections): write, close, unlink.
// creat is its own symbol, not a call of open().
// expect: ok
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
  const int ok = write(fd, "made\n", 5) == 5;
  return ok && close(fd) == 0 && unlink(argv[1]) == 0 ? 0 : 1;
}
