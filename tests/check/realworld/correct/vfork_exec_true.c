// vfork() then execv("/bin/true"), the way shells and old system()
// implementations start a program cheaply. The child shares the parent's
// memory until the exec and touches nothing. The parent holds a descriptor
// (close-on-exec) across it and closes it afterwards.
// expect: ok
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
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
  char* const child_argv[] = {"true", NULL};
  const pid_t child = vfork();
  if (child == 0) {
    execv("/bin/true", child_argv);
    _exit(127);
  }
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    fprintf(stderr, "child failed\n");
    return 1;
  }
  return close(fd) == 0 ? 0 : 1;
}
