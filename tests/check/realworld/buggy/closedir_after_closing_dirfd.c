// close(dirfd(dir)) and then closedir(dir): the directory stream owned the
// descriptor (same ownership error as with stdio streams).
// expect: close of stream descriptor
// args: {dir}
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  DIR* dir = opendir(argv[1]);
  if (dir == NULL) {
    perror("opendir");
    return 2;
  }
  const int ok = readdir(dir) != NULL;
  close(dirfd(dir));  // bug: the directory stream owns this descriptor
  closedir(dir);
  return ok ? 0 : 1;
}
