// A self-pipe and a close-on-exec, non-blocking pipe2() pair (the
// self-pipe trick of event loops: libevent, GLib), written, read and all
// four ends closed. No open() made any of these descriptors.
// expect: ok
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int exchange(const int ends[2]) {
  char byte = 'x';
  if (write(ends[1], &byte, 1) != 1 || read(ends[0], &byte, 1) != 1) {
    return 1;
  }
  return close(ends[0]) == 0 && close(ends[1]) == 0 ? 0 : 1;
}

int main(void) {
  int plain[2];
  int flagged[2];
  if (pipe(plain) != 0 || pipe2(flagged, O_CLOEXEC | O_NONBLOCK) != 0) {
    perror("pipe");
    return 2;
  }
  return exchange(plain) | exchange(flagged);
}
