// A launcher that tries a helper that is not installed, then falls back to
// another (the shape of `xdg-open` or a pager chain): the first execl
// fails with ENOENT and the program goes on; the descriptor it keeps is
// close-on-exec, and the second execl, which succeeds, releases it. The
// failed exec must not be judged as if the image had been replaced.
// expect: ok
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

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
  execl("/nonexistent/helper", "helper", (char*)NULL);
  execl("/bin/true", "true", (char*)NULL);
  perror("execl");
  return 2;
}
