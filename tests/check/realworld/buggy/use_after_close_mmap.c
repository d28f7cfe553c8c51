// mmap of a descriptor that was closed before the mapping was made (the
// order of two cleanup lines swapped): mmap fails with EBADF.
// expect: use after close
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  const int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    perror("open");
    return 2;
  }
  close(fd);
  void* map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) {  // bug: fd was closed above
    perror("mmap");
    return 1;
  }
  munmap(map, (size_t)st.st_size);
  return 0;
}
