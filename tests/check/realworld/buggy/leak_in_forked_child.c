// A forked worker that opens a file and exits without closing it, while
// the parent releases everything it opened. The leak is the child's: it
// must be reported for the child's pid, and the parent is clean.
// expect: leaked descriptor
// expect[parent]: ok
// expect[child]: leaked descriptor
// args: {file} {pids}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void note_pid(const char* pids, const char* role) {
  char line[64];
  const int length =
      snprintf(line, sizeof line, "%s %d\n", role, (int)getpid());
  const int fd =
      open(pids, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, (mode_t)0600);
  if (fd >= 0) {
    if (write(fd, line, (size_t)length) != length) {
      perror("write");
    }
    close(fd);
  }
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s FILE PIDS\n", argv[0]);
    return 2;
  }
  note_pid(argv[2], "parent");
  const pid_t child = fork();
  if (child == 0) {
    note_pid(argv[2], "child");
    const int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    char byte;
    exit(fd >= 0 && read(fd, &byte, 1) == 1 ? 0 : 1);  // bug: fd not closed
  }
  const int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  int status = 0;
  const int reaped = child > 0 && waitpid(child, &status, 0) == child &&
                     WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return reaped && fd >= 0 && close(fd) == 0 ? 0 : 1;
}
