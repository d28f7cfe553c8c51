// The kit's case study in plain C ("mmap and the Rust Foreign Function
// Interface", Tommy McGuire, 2013): open, fstat for the size, mmap, hand
// the bytes to a callback, munmap, close: strictly nested.
// expect: ok
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static size_t count_newlines(const char* bytes, size_t size) {
  size_t lines = 0;
  for (size_t i = 0; i < size; ++i) {
    lines += bytes[i] == '\n';
  }
  return lines;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  const int fd = open(argv[1], O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    perror("open");
    return 2;
  }
  const char* map =
      mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  const size_t lines = count_newlines(map, (size_t)st.st_size);
  const int released =
      munmap((void*)map, (size_t)st.st_size) == 0 && close(fd) == 0;
  return released && lines == 1024 ? 0 : 1;
}
