// close_range(3, ~0U, 0) at start-up, as systemd and Python's subprocess
// (via os.closerange) clear inherited descriptors; then a first
// close_range with CLOSE_RANGE_CLOEXEC marks nothing in particular, and
// the program's own descriptors are released by a final close_range.
// expect: ok
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/close_range.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  if (close_range(3, ~0U, 0) != 0) {
    perror("close_range");
    return 2;
  }
  const int first = open(argv[1], O_RDONLY);
  const int second = open(argv[1], O_RDONLY);
  if (first < 0 || second < 0) {
    perror("open");
    return 2;
  }
  if (close_range((unsigned)first, (unsigned)first, CLOSE_RANGE_CLOEXEC) != 0) {
    perror("close_range cloexec");
    return 2;
  }
  const unsigned low = (unsigned)(first < second ? first : second);
  const unsigned high = (unsigned)(first < second ? second : first);
  return close_range(low, high, 0) == 0 ? 0 : 1;
}
