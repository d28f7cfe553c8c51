// Eight threads open, fstat and close a file 200 times each, and one of
// them skips the close on its last round: exactly one leaked descriptor
// among 1600 correct acquisitions made concurrently.
// expect: leaked descriptor
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char* path;

static void* worker(void* index) {
  for (int round = 0; round < 200; ++round) {
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
      exit(2);
    }
    if ((uintptr_t)index == 5 && round == 199) {
      break;  // bug: this descriptor is never closed
    }
    close(fd);
  }
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  path = argv[1];
  pthread_t threads[8];
  for (uintptr_t i = 0; i < 8; ++i) {
    if (pthread_create(&threads[i], NULL, worker, (void*)i) != 0) {
      return 2;
    }
  }
  for (int i = 0; i < 8; ++i) {
    pthread_join(threads[i], NULL);
  }
  return 0;
}
