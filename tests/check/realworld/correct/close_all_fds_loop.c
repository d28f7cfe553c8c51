// A daemon's start-up (the classic daemon(3) recipes, OpenSSH's closefrom
// fallback): close every descriptor from 3 to the limit, ignoring EBADF,
// so nothing inherited leaks into the daemon; then open and close its own.
// Most of those closes name numbers nobody opened.
// expect: ok
// args: {file}
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  struct rlimit limit;
  int highest = 1024;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 1024) {
    highest = (int)limit.rlim_cur;
  }
  for (int fd = 3; fd < highest; ++fd) {
    if (close(fd) != 0 && errno != EBADF) {
      perror("close");
    }
  }
  const int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    perror("open");
    return 2;
  }
  char byte;
  const int ok = read(fd, &byte, 1) == 1;
  return ok && close(fd) == 0 ? 0 : 1;
}
