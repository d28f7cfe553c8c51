// Signals as a descriptor (systemd, sd-event): block SIGUSR1, make a
// signalfd, raise the signal, read its siginfo, close.
// expect: ok
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <unistd.h>

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) {
    return 2;
  }
  const int fd = signalfd(-1, &set, SFD_CLOEXEC);
  if (fd < 0) {
    perror("signalfd");
    return 2;
  }
  raise(SIGUSR1);
  struct signalfd_siginfo info;
  const int ok = read(fd, &info, sizeof info) == (ssize_t)sizeof info &&
                 info.ssi_signo == SIGUSR1;
  return ok && close(fd) == 0 ? 0 : 1;
}
