// A shell's `cmd > file` for a builtin (bash, dash): save standard output
// with fcntl(1, F_DUPFD_CLOEXEC, 10), dup2 the file onto 1, write, put the
// saved copy back with dup2 and close it. dup2 onto 1 replaces a
// descriptor this program inherited.
// expect: ok
// args: {out}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s OUT\n", argv[0]);
    return 2;
  }
  const int saved = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 10);
  const int file =
      open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)0600);
  if (saved < 0 || file < 0) {
    perror("redirect");
    return 2;
  }
  if (dup2(file, STDOUT_FILENO) != STDOUT_FILENO || close(file) != 0) {
    return 2;
  }
  const int wrote = write(STDOUT_FILENO, "redirected\n", 11) == 11;
  const int restored = dup2(saved, STDOUT_FILENO) == STDOUT_FILENO;
  return wrote && restored && close(saved) == 0 ? 0 : 1;
}
