// A file mapped larger than needed, then trimmed: the unused tail pages are
// unmapped early (readers that map a whole file and keep only the part
// they index), the rest later. Two partial releases of one file mapping.
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
  const int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    perror("open");
    return 2;
  }
  const char* map = mmap(NULL, 2 * page, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  if (munmap((void*)(map + page), page) != 0) {
    return 1;
  }
  const int ok = map[0] >= '0' && map[0] <= '9';
  return ok && munmap((void*)map, page) == 0 && close(fd) == 0 ? 0 : 1;
}
