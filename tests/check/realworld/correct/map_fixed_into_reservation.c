// Reserve address space with PROT_NONE and map a file into the middle of
// it with MAP_FIXED, as ld.so lays out a library's segments and as JVMs
// and sanitizers place heaps; MAP_FIXED replaces the reserved pages. One
// munmap of the whole reservation releases both.
// expect: ok
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
  char* reserve = mmap(NULL, 16 * page, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  const int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (reserve == MAP_FAILED || fd < 0) {
    perror("reserve");
    return 2;
  }
  char* inside = mmap(reserve + 4 * page, 2 * page, PROT_READ,
                      MAP_PRIVATE | MAP_FIXED, fd, 0);
  if (inside != reserve + 4 * page) {
    perror("mmap fixed");
    return 2;
  }
  const int ok = inside[page] >= '0' && inside[page] <= '9';
  return ok && close(fd) == 0 && munmap(reserve, 16 * page) == 0 ? 0 : 1;
}
