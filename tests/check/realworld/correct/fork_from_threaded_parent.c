// A multithreaded parent forks while its other threads are busy opening
// and closing files (a threaded server spawning helpers). Each child does
// only async-signal-safe work (open, fstat, close) and leaves with _exit.
// A checker whose lock another thread held at fork() deadlocks the child.
// expect: ok
// args: {file}
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char* path;
static atomic_int stop;

static void* busy(void* unused) {
  (void)unused;
  while (!atomic_load(&stop)) {
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      close(fd);
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
  pthread_t threads[3];
  for (int i = 0; i < 3; ++i) {
    if (pthread_create(&threads[i], NULL, busy, NULL) != 0) {
      return 2;
    }
  }
  int failures = 0;
  for (int i = 0; i < 20; ++i) {
    const pid_t child = fork();
    if (child == 0) {
      const int fd = open(path, O_RDONLY | O_CLOEXEC);
      struct stat st;
      const int ok = fd >= 0 && fstat(fd, &st) == 0 && close(fd) == 0;
      _exit(ok ? 0 : 1);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child ||
        !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      ++failures;
    }
  }
  atomic_store(&stop, 1);
  for (int i = 0; i < 3; ++i) {
    pthread_join(threads[i], NULL);
  }
  return failures == 0 ? 0 : 1;
}
