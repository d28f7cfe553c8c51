// gnulib's fopen replacement (used by sort, tar and other GNU tools): open
// the file with open(), then wrap the descriptor with fdopen(); from then
// on the stream owns the descriptor and fclose releases both.
// expect: ok
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
  FILE* in = fdopen(fd, "r");
  if (in == NULL) {
    perror("fdopen");
    close(fd);
    return 2;
  }
  long first = 0;
  const int ok = fscanf(in, "%ld", &first) == 1;
  return ok && fclose(in) == 0 ? 0 : 1;
}
