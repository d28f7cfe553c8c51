// A pre-forking server in miniature (Apache's prefork, PostgreSQL's
// backends): the parent keeps its log descriptor open across fork(); four
// workers each open, fstat and close the file and leave with exit(0),
// never closing the log they inherited (exit does that, and it is not
// theirs to judge). The parent reaps them and closes the log.
// expect: ok
// args: {file} {out}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int work(const char* path) {
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return 1;
  }
  struct stat st;
  const int status = fstat(fd, &st) == 0 && st.st_size == 8192 ? 0 : 1;
  return close(fd) == 0 ? status : 1;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s FILE LOG\n", argv[0]);
    return 2;
  }
  const int log =
      open(argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, (mode_t)0600);
  if (log < 0) {
    perror("open log");
    return 2;
  }
  for (int i = 0; i < 4; ++i) {
    const pid_t child = fork();
    if (child < 0) {
      perror("fork");
      return 2;
    }
    if (child == 0) {
      exit(work(argv[1]));
    }
  }
  int failures = 0;
  for (int i = 0; i < 4; ++i) {
    int status = 0;
    if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      ++failures;
    }
  }
  if (write(log, "done\n", 5) != 5 || close(log) != 0) {
    perror("log");
    return 2;
  }
  return failures == 0 ? 0 : 1;
}
