// munmap with a length computed without rounding: the file is two pages
// and a byte, the program maps the whole size (three pages) but unmaps
// size / page * page bytes, so the last page stays mapped.
// expect: leaked mapping
// args: {out}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s OUT\n", argv[0]);
    return 2;
  }
  const size_t page = (size_t)sysconf(_SC_PAGESIZE);
  const size_t size = 2 * page + 1;
  const int fd =
      open(argv[1], O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)0600);
  if (fd < 0 || ftruncate(fd, (off_t)size) != 0) {
    perror("open");
    return 2;
  }
  char* map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  const size_t whole_pages = size / page * page;  // bug: rounds down
  return munmap(map, whole_pages) == 0 && close(fd) == 0 ? 0 : 1;
}
