// An aligned allocation the way allocators make one (glibc's new_heap for
// thread arenas, jemalloc's chunk_alloc): map size + alignment, then
// munmap the unaligned head and the tail so that exactly an aligned block
// is left; later unmap that block. Partial munmaps of one mapping.
// expect: ok
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(void) {
  const size_t alignment = (size_t)1 << 21;
  const size_t size = (size_t)1 << 21;
  char* raw = mmap(NULL, size + alignment, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  const uintptr_t start = (uintptr_t)raw;
  const uintptr_t aligned =
      (start + alignment - 1) & ~(uintptr_t)(alignment - 1);
  const size_t head = (size_t)(aligned - start);
  const size_t tail = alignment - head;
  if (head != 0 && munmap(raw, head) != 0) {
    return 1;
  }
  char* block = raw + head;
  if (tail != 0 && munmap(block + size, tail) != 0) {
    return 1;
  }
  memset(block, 1, size);
  return munmap(block, size) == 0 ? 0 : 1;
}
