// A descriptor handed down by the parent (systemd socket activation's
// LISTEN_FDS, a shell's `3< file`, make's jobserver pipe) is used and then
// closed by the program. It was never opened here: closing it is the
// program's right, not a close of an unknown descriptor to report.
// expect: ok
// args: {inherited}
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FD\n", argv[0]);
    return 2;
  }
  const int fd = atoi(argv[1]);
  struct stat st;
  char byte;
  if (fstat(fd, &st) != 0 || pread(fd, &byte, 1, 0) != 1) {
    perror("inherited descriptor");
    return 2;
  }
  return close(fd) == 0 && st.st_size == 8192 ? 0 : 1;
}
