// gnulib's close_stdout, which every coreutils program registers with
// atexit: at exit, fclose(stdout) (and stderr) so that a failed final
// flush is reported. The streams and their descriptors 1 and 2 were
// inherited, not opened by the program.
// expect: ok
// args: {file}
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void close_stdout(void) {
  if (fclose(stdout) != 0) {
    perror("write error");
    _exit(1);
  }
  if (fclose(stderr) != 0) {
    _exit(1);
  }
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  atexit(close_stdout);
  FILE* in = fopen(argv[1], "re");
  if (in == NULL) {
    perror("fopen");
    return 2;
  }
  char line[16];
  int lines = 0;
  while (fgets(line, sizeof line, in) != NULL) {
    ++lines;
  }
  if (fclose(in) != 0) {
    return 1;
  }
  return lines == 1024 ? 0 : 1;
}
