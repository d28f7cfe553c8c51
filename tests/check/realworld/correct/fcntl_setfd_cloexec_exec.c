// The idiom from before O_CLOEXEC existed (still in portable code such as
// older OpenSSH and Tcl): open, then fcntl(F_SETFD, FD_CLOEXEC) before an
// exec. The descriptor does not survive the exec, so it does not leak.
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
  const int flags = fcntl(fd, F_GETFD);
  if (flags < 0 || fcntl(fd, F_SETFD, flags | FD_CLOEXEC) != 0) {
    perror("fcntl");
    return 2;
  }
  char* const true_argv[] = {"true", NULL};
  execv("/bin/true", true_argv);
  perror("execv");
  return 2;
}
