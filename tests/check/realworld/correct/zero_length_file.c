// An empty file: fstat says size 0, and mmap of length 0 is EINVAL, so a
// careful reader (ripgrep, the kit's stage 3) skips the mapping and only
// closes. Nothing is mapped.
// expect: ok
// args: {empty}
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
  if (st.st_size > 0) {
    void* map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map != MAP_FAILED) {
      munmap(map, (size_t)st.st_size);
    }
  }
  return close(fd) == 0 && st.st_size == 0 ? 0 : 1;
}
