// An epoll loop over a pipe and an eventfd (the core of libuv, nginx and
// Node.js): register both, make both ready, handle two events, close all.
// expect: ok
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

int main(void) {
  const int loop = epoll_create1(EPOLL_CLOEXEC);
  const int wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  int ends[2];
  if (loop < 0 || wake < 0 || pipe2(ends, O_CLOEXEC | O_NONBLOCK) != 0) {
    perror("setup");
    return 2;
  }
  struct epoll_event event = {.events = EPOLLIN};
  event.data.fd = wake;
  epoll_ctl(loop, EPOLL_CTL_ADD, wake, &event);
  event.data.fd = ends[0];
  epoll_ctl(loop, EPOLL_CTL_ADD, ends[0], &event);
  const uint64_t one = 1;
  if (write(wake, &one, sizeof one) != (ssize_t)sizeof one ||
      write(ends[1], "x", 1) != 1) {
    return 2;
  }
  int handled = 0;
  while (handled < 2) {
    struct epoll_event ready[4];
    const int count = epoll_wait(loop, ready, 4, 1000);
    if (count <= 0) {
      return 1;
    }
    for (int i = 0; i < count; ++i) {
      uint64_t value;
      if (read(ready[i].data.fd, &value, sizeof value) > 0) {
        ++handled;
      }
    }
  }
  epoll_ctl(loop, EPOLL_CTL_DEL, wake, NULL);
  const int closed = close(ends[0]) == 0 && close(ends[1]) == 0 &&
                     close(wake) == 0 && close(loop) == 0;
  return closed ? 0 : 1;
}
