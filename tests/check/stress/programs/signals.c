/* A thread sends SIGNALS SIGUSR1s to the main thread, whose handler opens
 * and closes a file (both async-signal-safe), while the main thread
 * allocates and opens and closes on its own. Exit 0 when every call
 * worked. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char* path;
static long signals;
static pthread_t main_thread;
static volatile sig_atomic_t failures;
static volatile sig_atomic_t done;

static void handler(int number) {
  (void)number;
  int saved = errno;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || close(fd) != 0) {
    failures = 1;
  }
  errno = saved;
}

static void* storm(void* unused) {
  (void)unused;
  for (long i = 0; i < signals && !done; ++i) {
    pthread_kill(main_thread, SIGUSR1);
  }
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: stress-signals FILE SIGNALS\n");
    return 2;
  }
  path = argv[1];
  signals = strtol(argv[2], NULL, 10);
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  action.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &action, NULL);
  main_thread = pthread_self();
  pthread_t sender;
  pthread_create(&sender, NULL, storm, NULL);
  for (long i = 0; i < signals; ++i) {
    char* block = malloc((size_t)(64 + i % 4096));
    if (block == NULL) {
      return 1;
    }
    memset(block, 'x', (size_t)(64 + i % 4096));
    free(block);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || close(fd) != 0) {
      failures = 1;
    }
  }
  done = 1;
  pthread_join(sender, NULL);
  return failures ? 1 : 0;
}
