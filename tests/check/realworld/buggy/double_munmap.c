// Two owners of one file mapping, each unmapping it (a struct copied by
// value, both copies "freed"). The second munmap returns 0, the kernel
// does not mind, and in a threaded program it could unmap whatever was
// mapped there in between.
// expect: double munmap
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

struct view {
  void* bytes;
  size_t size;
};

static void release(struct view view) { munmap(view.bytes, view.size); }

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  const int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    perror("open");
    return 2;
  }
  struct view view = {mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0), 8192};
  if (view.bytes == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  const struct view copy = view;
  release(view);
  release(copy);  // bug: the same pages, unmapped twice
  return close(fd) == 0 ? 0 : 1;
}
