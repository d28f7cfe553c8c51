/* Four threads keep opening and closing while the main thread forks
 * CHILDREN children; each child opens and closes once, then leaves by
 * exit() or _exit(), alternately. A child that deadlocks in the checker
 * never exits: the parent gives each 10 s, then reports it and fails. */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char* path;
static volatile sig_atomic_t stop;

static void* busy(void* unused) {
  (void)unused;
  while (!stop) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      close(fd);
    }
  }
  return NULL;
}

static int wait_at_most_10s(pid_t pid) {
  for (int i = 0; i < 10000; ++i) {
    int status = 0;
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
    }
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
  }
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  fprintf(stderr, "stress-forks: child %d hung\n", (int)pid);
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: stress-forks FILE CHILDREN\n");
    return 2;
  }
  path = argv[1];
  long children = strtol(argv[2], NULL, 10);
  pthread_t threads[4];
  for (int t = 0; t < 4; ++t) {
    pthread_create(&threads[t], NULL, busy, NULL);
  }
  int failures = 0;
  for (long i = 0; i < children; ++i) {
    pid_t pid = fork();
    if (pid == 0) {
      int fd = open(path, O_RDONLY | O_CLOEXEC);
      int ok = fd >= 0 && close(fd) == 0;
      if (i % 2 == 0) {
        exit(ok ? 0 : 1);
      }
      _exit(ok ? 0 : 1);
    }
    if (pid < 0) {
      perror("stress-forks: fork");
      failures++;
      break;
    }
    failures += wait_at_most_10s(pid);
  }
  stop = 1;
  for (int t = 0; t < 4; ++t) {
    pthread_join(threads[t], NULL);
  }
  return failures == 0 ? 0 : 1;
}
