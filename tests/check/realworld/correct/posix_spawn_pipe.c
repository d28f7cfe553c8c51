// posix_spawn() of /bin/echo with its standard output redirected into a
// pipe by file actions (dup2 the write end onto 1, close both ends), the
// way glibc's popen and Python's subprocess start children. The parent
// closes its copy of the write end, reads to end of file, closes the read
// end and reaps the child.
// expect: ok
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

int main(void) {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) {
    perror("pipe2");
    return 2;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, ends[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, ends[0]);
  char* const argv[] = {"echo", "spawned", NULL};
  pid_t child = 0;
  const int error =
      posix_spawn(&child, "/bin/echo", &actions, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    fprintf(stderr, "posix_spawn: %s\n", strerror(error));
    return 2;
  }
  close(ends[1]);
  char buffer[64];
  size_t total = 0;
  ssize_t got;
  while ((got = read(ends[0], buffer + total, sizeof buffer - total)) > 0) {
    total += (size_t)got;
  }
  close(ends[0]);
  int status = 0;
  if (waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    return 1;
  }
  return total == 8 && memcmp(buffer, "spawned\n", 8) == 0 ? 0 : 1;
}
