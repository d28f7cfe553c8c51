// A program that runs a helper found on PATH with execlp, still holding a
// file it opened without O_CLOEXEC: the helper inherits it.
// expect: descriptor leaked into exec
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
  const int fd = open(argv[1], O_RDONLY);  // bug: no O_CLOEXEC, no close
  if (fd < 0) {
    perror("open");
    return 2;
  }
  execlp("true", "true", (char*)NULL);
  perror("execlp");
  return 2;
}
