// The large-file build of fortified_open_openat.c: with
// _FILE_OFFSET_BITS=64 (autoconf's AC_SYS_LARGEFILE, on by default in
// many packages) the calls are open64/openat64, and fortified
// __open64_2/__openat64_2; fstat is fstat64 in older glibc.
// expect: ok
// args: {file} {dir}
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s FILE DIR\n", argv[0]);
    return 2;
  }
  int flags = O_RDONLY;
  if (strlen(argv[1]) > 1) {
    flags |= O_CLOEXEC;
  }
  const int file = open(argv[1], flags);
  const int dir = open(argv[2], flags | O_DIRECTORY);
  const int inside = dir < 0 ? -1 : openat(dir, "b.txt", flags);
  if (file < 0 || inside < 0) {
    perror("open");
    return 2;
  }
  struct stat st;
  const int ok = fstat(file, &st) == 0 && st.st_size == 8192;
  return ok && close(inside) == 0 && close(dir) == 0 && close(file) == 0 ? 0
                                                                         : 1;
}
