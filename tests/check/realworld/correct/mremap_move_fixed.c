// glibc's realloc of a large (mmapped) block is mremap(MREMAP_MAYMOVE);
// a moving garbage collector or an arena that relocates a block uses
// mremap(MREMAP_MAYMOVE | MREMAP_FIXED) into a place it reserved. Both on
// anonymous memory; the moved block is unmapped at its new address, and
// the rest of the reservation separately.
// expect: ok
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  const size_t page = (size_t)sysconf(_SC_PAGESIZE);
  char* block = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char* reserve = mmap(NULL, 32 * page, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (block == MAP_FAILED || reserve == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  memset(block, 'r', 4 * page);
  char* grown = mremap(block, 4 * page, 8 * page, MREMAP_MAYMOVE);
  if (grown == MAP_FAILED) {
    perror("mremap grow");
    return 2;
  }
  char* target = reserve + 16 * page;
  char* placed =
      mremap(grown, 8 * page, 8 * page, MREMAP_MAYMOVE | MREMAP_FIXED, target);
  if (placed != target) {
    perror("mremap fixed");
    return 2;
  }
  const int ok = placed[page] == 'r';
  const int released = munmap(placed, 8 * page) == 0 &&
                       munmap(reserve, 16 * page) == 0 &&
                       munmap(reserve + 24 * page, 8 * page) == 0;
  return ok && released ? 0 : 1;
}
