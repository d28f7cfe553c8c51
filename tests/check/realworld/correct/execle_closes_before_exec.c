// A program that hands its helper a clean environment with execle (as
// `env -i` or a setuid helper does) and closes the file it read first,
// without relying on close-on-exec.
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
  const int fd = open(argv[1], O_RDONLY);
  if (fd < 0) {
    perror("open");
    return 2;
  }
  char byte = 0;
  if (read(fd, &byte, 1) != 1) {
    perror("read");
    close(fd);
    return 2;
  }
  if (close(fd) != 0) {
    perror("close");
    return 2;
  }
  char* const clean_env[] = {"PATH=/usr/bin:/bin", NULL};
  execle("/bin/true", "true", (char*)NULL, clean_env);
  perror("execle");
  return 2;
}
