// A four-page anonymous buffer whose upper half is returned with a partial
// munmap (a shrink, as allocators trim), then the lower half; a stale
// pointer into the upper half is read afterwards. The read must fault:
// quarantine must cover pages released by a partial munmap too.
// expect: crashed
// faultrun: --quarantine
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  const size_t page = (size_t)sysconf(_SC_PAGESIZE);
  char* buffer = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (buffer == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  memset(buffer, 'b', 4 * page);
  const volatile char* stale = buffer + 3 * page;
  if (munmap(buffer + 2 * page, 2 * page) != 0 ||
      munmap(buffer, 2 * page) != 0) {
    return 2;
  }
  return stale[0] == 'b';  // bug: these pages were released by the shrink
}
