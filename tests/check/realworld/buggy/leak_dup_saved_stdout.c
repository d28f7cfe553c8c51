// A shell-style redirection that restores standard output but forgets the
// saved copy: saved = dup(1); dup2(file, 1); ...; dup2(saved, 1) and no
// close(saved). The copy of an inherited descriptor is the program's own.
// expect: leaked descriptor
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
  const int saved = dup(STDOUT_FILENO);
  const int file =
      open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)0600);
  if (saved < 0 || file < 0 || dup2(file, STDOUT_FILENO) < 0) {
    perror("redirect");
    return 2;
  }
  close(file);
  const int wrote = write(STDOUT_FILENO, "x\n", 2) == 2;
  const int restored = dup2(saved, STDOUT_FILENO) == STDOUT_FILENO;
  return wrote && restored ? 0 : 1;  // bug: saved is never closed
}
