// gnulib-style fopen (open + fdopen) whose stream is never fclosed: the
// descriptor now belongs to the stream, so what leaks is the stream.
// expect: leaked stream
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
  FILE* in = fd < 0 ? NULL : fdopen(fd, "r");
  if (in == NULL) {
    perror("fdopen");
    return 2;
  }
  long first = 0;
  return fscanf(in, "%ld", &first) == 1 ? 0 : 1;  // bug: no fclose(in)
}
