// A pipe whose read end is closed after use while the write end is
// forgotten (half of a pipe left behind is how a reader hangs forever
// waiting for end of file in larger programs).
// expect: leaked descriptor
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  int ends[2];
  if (pipe(ends) != 0) {
    perror("pipe");
    return 2;
  }
  char byte = 'p';
  const int ok = write(ends[1], &byte, 1) == 1 && read(ends[0], &byte, 1) == 1;
  return ok && close(ends[0]) == 0 ? 0 : 1;  // bug: ends[1] never closed
}
