// A directory walk the modern way (coreutils' rm and du through fts,
// find): open the directory, fdopendir a copy from dup(), and for each
// entry openat() relative to the directory's descriptor and fstat it.
// Every descriptor and stream is released.
// expect: ok
// args: {dir}
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const int dirfd = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const int listing = dirfd < 0 ? -1 : fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
  DIR* dir = listing < 0 ? NULL : fdopendir(listing);
  if (dir == NULL) {
    perror("fdopendir");
    return 2;
  }
  long total = 0;
  const struct dirent* entry;
  while ((entry = readdir(dir)) != NULL) {
    if (entry->d_name[0] == '.') {
      continue;
    }
    const int fd = openat(dirfd, entry->d_name, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || close(fd) != 0) {
      return 1;
    }
    total += (long)st.st_size;
  }
  return closedir(dir) == 0 && close(dirfd) == 0 && total == 6 ? 0 : 1;
}
