// closefrom(3) (glibc 2.34, from the BSDs; OpenSSH calls it first thing)
// clears inherited descriptors; the program's own files are released by
// a second closefrom at the end, as sshd's children do before exec.
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
  closefrom(3);
  const int a = open(argv[1], O_RDONLY | O_CLOEXEC);
  const int b = dup(a);
  if (a < 0 || b < 0) {
    perror("open");
    return 2;
  }
  char byte;
  const int ok = pread(b, &byte, 1, 0) == 1;
  closefrom(3);
  return ok ? 0 : 1;
}
