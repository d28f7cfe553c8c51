// SQLite's unix VFS with PRAGMA mmap_size (unixRemapfile): the database
// file is mapped; when it grows the mapping is grown with
// mremap(MREMAP_MAYMOVE), which may move it; at the end the final
// address and length are unmapped. A checker must follow the mapping
// through each mremap, keeping its origin (the descriptor).
// expect: ok
// args: {out}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DB\n", argv[0]);
    return 2;
  }
  const int fd =
      open(argv[1], O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)0600);
  size_t size = 4096;
  if (fd < 0 || ftruncate(fd, (off_t)size) != 0) {
    perror("open");
    return 2;
  }
  char* map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  for (int step = 0; step < 6; ++step) {
    const size_t bigger = size * 2;
    if (ftruncate(fd, (off_t)bigger) != 0) {
      return 2;
    }
    char* moved = mremap(map, size, bigger, MREMAP_MAYMOVE);
    if (moved == MAP_FAILED) {
      perror("mremap");
      return 2;
    }
    map = moved;
    size = bigger;
    memset(map + size / 2, step, size / 2);
  }
  const int ok = map[size - 1] == 5;
  return ok && munmap(map, size) == 0 && close(fd) == 0 ? 0 : 1;
}
