// goto-cleanup gone wrong: an error branch closes the descriptor and then
// jumps to the common cleanup, which closes it again.
// expect: double close
// args: {empty}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_header(const char* path) {
  int status = -1;
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return -1;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size == 0) {
    close(fd);
    goto cleanup;  // bug: cleanup closes fd again
  }
  status = 0;
cleanup:
  close(fd);
  return status;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  return read_header(argv[1]) == -1 ? 0 : 1;
}
