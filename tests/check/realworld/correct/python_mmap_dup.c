// What CPython's mmap module does for mmap.mmap(f.fileno(), 0): it dup()s
// the descriptor it was given and keeps the copy (for resize and size);
// the file object closes the original, mmap.close() unmaps and closes the
// copy. Two descriptors of one file, each closed once.
// expect: ok
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  const int file = open(argv[1], O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (file < 0 || fstat(file, &st) != 0) {
    perror("open");
    return 2;
  }
  const int kept = fcntl(file, F_DUPFD_CLOEXEC, 0);
  const char* map =
      kept < 0 ? MAP_FAILED
               : mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, file, 0);
  if (map == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  if (close(file) != 0) {
    return 1;
  }
  const int ok = map[7] == '\n';
  return ok && munmap((void*)map, (size_t)st.st_size) == 0 && close(kept) == 0
             ? 0
             : 1;
}
