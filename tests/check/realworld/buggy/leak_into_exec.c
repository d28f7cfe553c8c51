// A descriptor opened without O_CLOEXEC and still open when the program
// execs another (the leak that hands a helper a file it must not have:
// the reason O_CLOEXEC exists). /bin/true inherits it.
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
  char* const true_argv[] = {"true", NULL};
  execv("/bin/true", true_argv);
  perror("execv");
  return 2;
}
