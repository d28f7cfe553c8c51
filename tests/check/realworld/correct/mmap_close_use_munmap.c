// libmagic (file(1)) and many readers: open, fstat, mmap, close the
// descriptor at once, read through the mapping, munmap at the end. POSIX
// keeps a mapping valid after its descriptor is closed, so this is
// correct; the kit's own stages forbid it as a matter of nesting policy.
// expect: ok
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
  const size_t size = (size_t)st.st_size;
  const char* map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (close(fd) != 0 || map == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  size_t lines = 0;
  for (size_t i = 0; i < size; ++i) {
    lines += map[i] == '\n';
  }
  return munmap((void*)map, size) == 0 && lines == 1024 ? 0 : 1;
}
