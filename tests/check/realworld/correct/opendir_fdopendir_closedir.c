// Directory streams both ways: opendir/readdir/closedir (ls, find) and
// fdopendir on an open() descriptor (gnulib's fts, used by rm -r, chmod -R,
// du), after which closedir releases that descriptor too.
// expect: ok
// args: {dir}
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int count(DIR* dir) {
  int entries = 0;
  while (readdir(dir) != NULL) {
    ++entries;
  }
  return entries;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  DIR* listing = opendir(argv[1]);
  if (listing == NULL) {
    perror("opendir");
    return 2;
  }
  const int first = count(listing);
  if (closedir(listing) != 0) {
    return 1;
  }
  const int fd = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* again = fd < 0 ? NULL : fdopendir(fd);
  if (again == NULL) {
    perror("fdopendir");
    return 2;
  }
  const int second = count(again);
  return closedir(again) == 0 && first == 5 && second == 5 ? 0 : 1;
}
