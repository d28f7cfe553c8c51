// The goto-cleanup error path done right (the Linux kernel's and most C
// libraries' style): the first open succeeds, the second fails with
// ENOENT, and the cleanup label releases exactly what was acquired.
// The program reports the failure and still exits 0: it was expected.
// expect: ok
// args: {file} {out}
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int copy_first_byte(const char* from, const char* missing) {
  int status = -1;
  const int in = open(from, O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    goto out;
  }
  const int other = open(missing, O_RDONLY | O_CLOEXEC);
  if (other < 0) {
    goto close_in;
  }
  status = 0;
  close(other);
close_in:
  close(in);
out:
  return status;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s FILE MISSING\n", argv[0]);
    return 2;
  }
  // {out} does not exist: the second open fails.
  return copy_first_byte(argv[1], argv[2]) == -1 && errno == ENOENT ? 0 : 1;
}
