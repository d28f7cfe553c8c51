// inotify_init1 + a watch on a directory (file managers, tail -f, build
// watchers): create a file there, read the event, remove the watch, close.
// expect: ok
// args: {dir}
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const int fd = inotify_init1(IN_CLOEXEC);
  const int watch = fd < 0 ? -1 : inotify_add_watch(fd, argv[1], IN_CREATE);
  if (watch < 0) {
    perror("inotify");
    return 2;
  }
  const int dir = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const int made =
      dir < 0 ? -1
              : openat(dir, "new.txt", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                       (mode_t)0600);
  if (made < 0) {
    perror("openat");
    return 2;
  }
  char buffer[sizeof(struct inotify_event) + NAME_MAX + 1];
  const int ok = read(fd, buffer, sizeof buffer) > 0;
  const int closed = close(made) == 0 && unlinkat(dir, "new.txt", 0) == 0 &&
                     close(dir) == 0 && inotify_rm_watch(fd, watch) == 0 &&
                     close(fd) == 0;
  return ok && closed ? 0 : 1;
}
