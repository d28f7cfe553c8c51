// Eight threads each open, fstat and close the same file 200 times, as a
// parallel file scanner's workers do (ripgrep's and GNU parallel grep's
// reader threads). Descriptor numbers are reused across threads all the
// time; every acquisition is released by the thread that made it.
// expect: ok
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

enum { kThreads = 8, kRounds = 200 };

static const char* path;

static void* worker(void* unused) {
  (void)unused;
  for (int round = 0; round < kRounds; ++round) {
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      perror("open");
      exit(2);
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size != 8192) {
      perror("fstat");
      exit(2);
    }
    if (close(fd) != 0) {
      perror("close");
      exit(2);
    }
  }
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  path = argv[1];
  pthread_t threads[kThreads];
  for (int i = 0; i < kThreads; ++i) {
    if (pthread_create(&threads[i], NULL, worker, NULL) != 0) {
      fprintf(stderr, "pthread_create failed\n");
      return 2;
    }
  }
  for (int i = 0; i < kThreads; ++i) {
    pthread_join(threads[i], NULL);
  }
  return 0;
}
