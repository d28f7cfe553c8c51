// An eventfd used as a wake-up counter between producer and consumer (as
// QEMU and systemd's sd-event do): three writes, one read of the sum.
// expect: ok
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <unistd.h>

int main(void) {
  const int fd = eventfd(0, EFD_CLOEXEC);
  if (fd < 0) {
    perror("eventfd");
    return 2;
  }
  for (uint64_t i = 1; i <= 3; ++i) {
    if (write(fd, &i, sizeof i) != (ssize_t)sizeof i) {
      return 1;
    }
  }
  uint64_t sum = 0;
  const int ok = read(fd, &sum, sizeof sum) == (ssize_t)sizeof sum && sum == 6;
  return ok && close(fd) == 0 ? 0 : 1;
}
