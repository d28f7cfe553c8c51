// The error path that forgets what the success path releases: the first
// open succeeds, the second fails (ENOENT), and the function returns the
// error without closing the first descriptor. The program reports the
// error and exits 1, as real code would.
// expect: leaked descriptor
// args: {file} {out}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int compare_first_bytes(const char* a, const char* b) {
  const int first = open(a, O_RDONLY | O_CLOEXEC);
  if (first < 0) {
    return -1;
  }
  const int second = open(b, O_RDONLY | O_CLOEXEC);
  if (second < 0) {
    return -1;  // bug: first is not closed on this path
  }
  char x;
  char y;
  const int same =
      pread(first, &x, 1, 0) == 1 && pread(second, &y, 1, 0) == 1 && x == y;
  close(second);
  close(first);
  return same;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s A B\n", argv[0]);
    return 2;
  }
  if (compare_first_bytes(argv[1], argv[2]) < 0) {
    perror("compare");
    return 1;
  }
  return 0;
}
