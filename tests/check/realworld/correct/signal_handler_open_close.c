// A SIGALRM handler that opens, reads and closes a file (open, read and
// close are async-signal-safe; crash handlers and log rotators on SIGHUP
// do this) fires every 200 microseconds while the main thread allocates
// and frees memory, until the handler has run 100 times. An interposer
// that mallocs or locks in those calls corrupts the heap or deadlocks.
// expect: ok
// args: {file}
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static const char* path;
static volatile sig_atomic_t runs;
static volatile sig_atomic_t failures;

static void on_alarm(int signal_number) {
  (void)signal_number;
  const int saved = errno;
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  char byte;
  if (fd < 0 || read(fd, &byte, 1) != 1 || close(fd) != 0) {
    failures = failures + 1;
  }
  runs = runs + 1;
  errno = saved;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  path = argv[1];
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_alarm;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  const struct itimerval every = {{0, 200}, {0, 200}};
  if (sigaction(SIGALRM, &action, NULL) != 0 ||
      setitimer(ITIMER_REAL, &every, NULL) != 0) {
    perror("timer");
    return 2;
  }
  size_t churn = 0;
  while (runs < 100) {
    char* block = malloc(64 + churn % 4000);
    if (block == NULL) {
      return 2;
    }
    block[0] = (char)churn;
    churn += (size_t)(unsigned char)block[0] + 1;
    free(block);
  }
  const struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, NULL);
  return failures == 0 ? 0 : 1;
}
