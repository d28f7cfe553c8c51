/* Eight threads open, fstat and close one file ITERATIONS times each, at
 * once. Correct: every descriptor is closed once. Exit 0. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char* path;
static long iterations;

static void* worker(void* unused) {
  (void)unused;
  for (long i = 0; i < iterations; ++i) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat status;
    if (fd < 0 || fstat(fd, &status) != 0 || close(fd) != 0) {
      perror("stress-threads");
      exit(1);
    }
  }
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: stress-threads FILE ITERATIONS\n");
    return 2;
  }
  path = argv[1];
  iterations = strtol(argv[2], NULL, 10);
  pthread_t threads[8];
  for (int t = 0; t < 8; ++t) {
    if (pthread_create(&threads[t], NULL, worker, NULL) != 0) {
      return 1;
    }
  }
  for (int t = 0; t < 8; ++t) {
    pthread_join(threads[t], NULL);
  }
  return 0;
}
