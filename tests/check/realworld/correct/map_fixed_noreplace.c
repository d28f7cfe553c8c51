// MAP_FIXED_NOREPLACE (Linux 4.17): map at a chosen address only if it is
// free, as ELF loaders and address-space layout code now do. A first try
// over a live mapping fails with EEXIST and holds nothing; a try at free
// pages succeeds. Everything mapped is unmapped.
// expect: ok
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  const size_t page = (size_t)sysconf(_SC_PAGESIZE);
  char* live = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (live == MAP_FAILED) {
    return 2;
  }
  // The upper half of `live` is freed, so its pages are free for the
  // second try; the first try overlaps the lower half, which is live.
  if (munmap(live + 2 * page, 2 * page) != 0) {
    return 2;
  }
  void* clash = mmap(live + page, 2 * page, PROT_READ,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (clash != MAP_FAILED || errno != EEXIST) {
    fprintf(stderr, "MAP_FIXED_NOREPLACE replaced a live mapping\n");
    return 1;
  }
  char* placed = mmap(live + 2 * page, 2 * page, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (placed != live + 2 * page) {
    perror("mmap noreplace");
    return 2;
  }
  placed[0] = 1;
  return munmap(placed, 2 * page) == 0 && munmap(live, 2 * page) == 0 ? 0 : 1;
}
