// dup2(a, b) where b is a descriptor the program opened and still holds:
// the kernel closes b first, so b's first file is released by the dup2
// and the number now names a's file. Both numbers are then closed once.
// (Shells do this when a redirection target is already open.)
// expect: ok
// args: {file} {empty}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s FILE EMPTY\n", argv[0]);
    return 2;
  }
  const int a = open(argv[1], O_RDONLY | O_CLOEXEC);
  const int b = open(argv[2], O_RDONLY | O_CLOEXEC);
  if (a < 0 || b < 0) {
    perror("open");
    return 2;
  }
  if (dup2(a, b) != b) {
    perror("dup2");
    return 2;
  }
  struct stat st;
  const int now_a = fstat(b, &st) == 0 && st.st_size == 8192;
  return now_a && close(b) == 0 && close(a) == 0 ? 0 : 1;
}
