// close(0), close(1) and close(2) at the end of main, as many small tools
// and daemons do to detect a late write error or to let a pipe's reader
// see end of file at once. None of the three was opened by the program.
// expect: ok
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

int main(void) {
  if (write(STDOUT_FILENO, "", 0) != 0) {
    return 1;
  }
  const int in = close(STDIN_FILENO);
  const int out = close(STDOUT_FILENO);
  const int err = close(STDERR_FILENO);
  return in == 0 && out == 0 && err == 0 ? 0 : 1;
}
