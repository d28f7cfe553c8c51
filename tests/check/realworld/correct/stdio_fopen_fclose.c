// The most common file handling there is: fopen, fgets to the end, fclose;
// once with "r" and once with glibc's "re" (close-on-exec). glibc's fopen
// opens through an internal call that an interposed open() never sees.
// expect: ok
// args: {file}
#define _GNU_SOURCE
#include <stdio.h>

static int count_lines(const char* path, const char* mode) {
  FILE* in = fopen(path, mode);
  if (in == NULL) {
    perror("fopen");
    return -1;
  }
  char line[32];
  int lines = 0;
  while (fgets(line, sizeof line, in) != NULL) {
    ++lines;
  }
  return fclose(in) == 0 ? lines : -1;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  return count_lines(argv[1], "r") == 1024 && count_lines(argv[1], "re") == 1024
             ? 0
             : 1;
}
