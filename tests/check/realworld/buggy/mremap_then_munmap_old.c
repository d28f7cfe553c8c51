// A mapping grown with mremap(MREMAP_MAYMOVE) that moved, and cleanup code
// that still holds the old pointer: it unmaps the old address (pages the
// move already released) and never unmaps the new one. A neighbour mapped
// right after the first forces the move.
// expect: double munmap, leaked mapping
// args: {out}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DB\n", argv[0]);
    return 2;
  }
  const size_t page = (size_t)sysconf(_SC_PAGESIZE);
  const int fd =
      open(argv[1], O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)0600);
  if (fd < 0 || ftruncate(fd, (off_t)(8 * page)) != 0) {
    perror("open");
    return 2;
  }
  // Reserve 8 pages, map the file over the first 2 and keep the third
  // mapped as a neighbour, so growing in place is impossible.
  char* area = mmap(NULL, 8 * page, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (area == MAP_FAILED) {
    return 2;
  }
  char* old = mmap(area, 2 * page, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_FIXED, fd, 0);
  if (old != area || munmap(area + 3 * page, 5 * page) != 0) {
    return 2;
  }
  char* grown = mremap(old, 2 * page, 8 * page, MREMAP_MAYMOVE);
  if (grown == MAP_FAILED || grown == old) {
    fprintf(stderr, "mremap did not move\n");
    return 2;
  }
  grown[7 * page] = 1;
  munmap(old, 2 * page);  // bug: old is gone; grown is never unmapped
  const int released = munmap(area + 2 * page, page) == 0 && close(fd) == 0;
  return released ? 0 : 1;
}
