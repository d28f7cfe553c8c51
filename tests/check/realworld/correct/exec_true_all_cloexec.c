// A program that ends by exec'ing another (a wrapper, a login shell's
// final exec, `exec` in a script) while still holding a file, a stream, a
// directory stream, a socket, a pipe, a memfd and a mapping, every
// descriptor made close-on-exec: the exec releases them all, so nothing
// leaks into /bin/true.
// expect: ok
// args: {file} {dir}
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s FILE DIR\n", argv[0]);
    return 2;
  }
  const int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  FILE* stream = fopen(argv[1], "re");
  DIR* dir = opendir(argv[2]);
  const int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int ends[2];
  const int piped = pipe2(ends, O_CLOEXEC);
  const int memfd = memfd_create("scratch", MFD_CLOEXEC);
  void* map =
      fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
  if (fd < 0 || stream == NULL || dir == NULL || sock < 0 || piped != 0 ||
      memfd < 0 || map == MAP_FAILED) {
    perror("setup");
    return 2;
  }
  char* const true_argv[] = {"true", NULL};
  execv("/bin/true", true_argv);
  perror("execv");
  return 2;
}
