// A one-millisecond timerfd (event loops' timers: libuv, systemd): arm it,
// read one expiration, close.
// expect: ok
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/timerfd.h>
#include <unistd.h>

int main(void) {
  const int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (fd < 0) {
    perror("timerfd_create");
    return 2;
  }
  const struct itimerspec once = {.it_value = {.tv_nsec = 1000000}};
  uint64_t expirations = 0;
  const int ok = timerfd_settime(fd, 0, &once, NULL) == 0 &&
                 read(fd, &expirations, sizeof expirations) ==
                     (ssize_t)sizeof expirations &&
                 expirations >= 1;
  return ok && close(fd) == 0 ? 0 : 1;
}
