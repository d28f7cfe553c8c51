// An eventfd made for a wake-up that is never closed.
// expect: leaked descriptor
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
  const uint64_t one = 1;
  return write(fd, &one, sizeof one) == (ssize_t)sizeof one ? 0 : 1;  // bug
}
