// fcloseall() (GNU) to release every stream at once before leaving, as
// some older utilities do instead of fclose per stream. The contract
// (man fcloseall: "closes all of the calling process's open streams") is
// kept by the program; glibc 2.36's fcloseall only flushes the streams
// and leaves their descriptors to the kernel's exit, which --prove sees.
// expect: ok
// prove-expect: leaked descriptor  (glibc's fcloseall flushes, closes no fd)
// args: {file}
#define _GNU_SOURCE
#include <stdio.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  FILE* a = fopen(argv[1], "re");
  FILE* b = fopen(argv[1], "re");
  if (a == NULL || b == NULL) {
    perror("fopen");
    return 2;
  }
  const int ok = fgetc(a) != EOF && fgetc(b) != EOF;
  return fcloseall() == 0 && ok ? 0 : 1;
}
