// A four-page file mapping whose first two pages are unmapped (the part
// that was consumed) and whose tail is forgotten: a partial munmap is
// legal, and what it leaves is still held.
// expect: leaked mapping
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  const size_t page = (size_t)sysconf(_SC_PAGESIZE);
  const int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    perror("open");
    return 2;
  }
  // 8 KiB of file: the last two pages are beyond its end, never touched.
  char* map = mmap(NULL, 4 * page, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  const int ok = map[page] >= '0';
  // bug: pages 2 and 3 stay mapped
  return ok && munmap(map, 2 * page) == 0 && close(fd) == 0 ? 0 : 1;
}
