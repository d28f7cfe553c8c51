/* Makes PAIRS open+close pairs, then prints its peak resident set size
 * (VmHWM from /proc/self/status, in KiB) on standard output, so that a run
 * under the preload library and one without can be compared. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: stress-calls FILE PAIRS\n");
    return 2;
  }
  long pairs = strtol(argv[2], NULL, 10);
  for (long i = 0; i < pairs; ++i) {
    int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (fd < 0 || close(fd) != 0) {
      perror("stress-calls");
      return 1;
    }
  }
  FILE* status = fopen("/proc/self/status", "r");
  if (status == NULL) {
    return 1;
  }
  char line[256];
  while (fgets(line, sizeof line, status) != NULL) {
    if (strncmp(line, "VmHWM:", 6) == 0) {
      printf("peak-kib %ld\n", strtol(line + 6, NULL, 10));
    }
  }
  fclose(status);
  return 0;
}
