// Temporary files the usual ways: tmpfile() (a stream glibc opens with
// O_TMPFILE internally) and mkstemp() (a descriptor from glibc's internal
// open), then fclose, close and unlink. Neither came from a watched
// open(); both are released.
// expect: ok
// args: {dir}
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2 || strlen(argv[1]) > 200) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  FILE* scratch = tmpfile();
  if (scratch == NULL || fputs("scratch\n", scratch) < 0) {
    perror("tmpfile");
    return 2;
  }
  char name[256];
  snprintf(name, sizeof name, "%s/tmp.XXXXXX", argv[1]);
  const int fd = mkstemp(name);
  if (fd < 0) {
    perror("mkstemp");
    return 2;
  }
  const int ok = write(fd, "x", 1) == 1;
  const int released =
      fclose(scratch) == 0 && close(fd) == 0 && unlink(name) == 0;
  return ok && released ? 0 : 1;
}
