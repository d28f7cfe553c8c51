// opendir in a search that stops at the first match and returns without
// closedir (a classic in hand-written "find a file in a directory" code).
// expect: leaked stream
// args: {dir}
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <string.h>

static int contains(const char* path, const char* name) {
  DIR* dir = opendir(path);
  if (dir == NULL) {
    return -1;
  }
  const struct dirent* entry;
  while ((entry = readdir(dir)) != NULL) {
    if (strcmp(entry->d_name, name) == 0) {
      return 1;  // bug: no closedir(dir)
    }
  }
  closedir(dir);
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  return contains(argv[1], "b.txt") == 1 ? 0 : 1;
}
