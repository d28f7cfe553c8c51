// socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC) as a parent/helper
// channel (systemd, Chromium's IPC): a message each way, both ends closed.
// expect: ok
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
    perror("socketpair");
    return 2;
  }
  char buffer[8] = "";
  const int ok = send(ends[0], "ping", 4, 0) == 4 &&
                 recv(ends[1], buffer, sizeof buffer, 0) == 4 &&
                 send(ends[1], "pong", 4, 0) == 4 &&
                 recv(ends[0], buffer, sizeof buffer, 0) == 4 &&
                 memcmp(buffer, "pong", 4) == 0;
  const int closed = close(ends[0]) == 0 && close(ends[1]) == 0;
  return ok && closed ? 0 : 1;
}
