// vfork + exec of /bin/echo with its output into a pipe: the child dup2s
// the write end onto 1 and closes both pipe ends before exec'ing (in its
// own descriptor table, but in the parent's memory). The parent then
// closes its own two ends, which are still open, and leaks a
// close-on-exec file it opened earlier. Only that leak is a finding: if
// the child's closes were booked in the parent's ledger, the parent's own
// closes would look like double closes.
// expect: leaked descriptor
// expect[parent]: leaked descriptor
// args: {file} {pids}
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s FILE PIDS\n", argv[0]);
    return 2;
  }
  const int pids =
      open(argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, (mode_t)0600);
  char line[32];
  const int length = snprintf(line, sizeof line, "parent %d\n", (int)getpid());
  if (pids < 0 || write(pids, line, (size_t)length) != length ||
      close(pids) != 0) {
    return 2;
  }
  const int kept = open(argv[1], O_RDONLY | O_CLOEXEC);
  int ends[2];
  if (kept < 0 || pipe(ends) != 0) {
    perror("setup");
    return 2;
  }
  char* const echo_argv[] = {"echo", "vforked", NULL};
  const pid_t child = vfork();
  if (child == 0) {
    dup2(ends[1], STDOUT_FILENO);
    close(ends[0]);
    close(ends[1]);
    execv("/bin/echo", echo_argv);
    _exit(127);
  }
  close(ends[1]);
  char buffer[16];
  const ssize_t got = read(ends[0], buffer, sizeof buffer);
  close(ends[0]);
  int status = 0;
  const int reaped = child > 0 && waitpid(child, &status, 0) == child &&
                     WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return reaped && got == 8 ? 0 : 1;  // bug: kept is never closed
}
