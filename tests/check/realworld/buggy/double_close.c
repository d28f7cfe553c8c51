// The plain double close: a cleanup function closes the descriptor and
// the caller closes it again. (In a threaded program the second close can
// close another thread's file; here the number is not reused, so the
// kernel answers EBADF.)
// expect: double close
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static void finish(int fd) { close(fd); }

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
  finish(fd);
  close(fd);  // bug: already closed by finish()
  return 0;
}
