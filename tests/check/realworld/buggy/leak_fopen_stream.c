// fopen in a helper that returns early on success and forgets the fclose:
// the commonest stdio leak. glibc's fopen opens through an internal call,
// so only a checker that watches fopen itself sees it.
// expect: leaked stream
// args: {file}
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

static int first_line_is(const char* path, const char* want) {
  FILE* in = fopen(path, "re");
  if (in == NULL) {
    return -1;
  }
  char line[32];
  if (fgets(line, sizeof line, in) != NULL) {
    return strcmp(line, want) == 0;  // bug: returns without fclose(in)
  }
  fclose(in);
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  return first_line_is(argv[1], "0000000\n") == 1 ? 0 : 1;
}
