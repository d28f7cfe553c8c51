// Every way to copy a descriptor: dup, dup2, dup3(O_CLOEXEC),
// fcntl(F_DUPFD) and fcntl(F_DUPFD_CLOEXEC); each copy is a descriptor of
// its own and each is closed, the original last.
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
  const int copies[] = {
      dup(fd),
      dup2(fd, 40),
      dup3(fd, 41, O_CLOEXEC),
      fcntl(fd, F_DUPFD, 50),
      fcntl(fd, F_DUPFD_CLOEXEC, 60),
  };
  int failures = 0;
  for (size_t i = 0; i < sizeof copies / sizeof copies[0]; ++i) {
    char byte;
    if (copies[i] < 0 || pread(copies[i], &byte, 1, 0) != 1 ||
        close(copies[i]) != 0) {
      ++failures;
    }
  }
  return failures == 0 && close(fd) == 0 ? 0 : 1;
}
