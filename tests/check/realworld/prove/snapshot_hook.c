// The witness for --prove: an LD_PRELOAD library that copies what the kernel
// says a process holds (/proc/self/fd and /proc/self/maps) into a file at
// each point where a process's life begins or ends:
//   start  the image began (constructor: first start, or after an exec)
//   fork   a forked child began (pthread_atfork child handler)
//   exit   exit() ran (destructor: after the program's atexit handlers and
//          static destructors, before the kernel closes anything)
//   _exit  the program called _exit or _Exit
// It judges nothing: run_realworld.py compares the listings. Files are named
// NANOSECONDS-PID-EVENT in the directory that FFIKIT_REALWORLD_SNAPSHOTS
// names; without that variable the library does nothing.
//
// Only system calls and fixed buffers, no malloc and no stdio: the exit and
// _exit paths may run in a forked child of a threaded parent.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char directory[1024];

static size_t append(char* buffer, size_t used, size_t size, const char* text,
                     size_t length) {
  if (used + length > size) {
    length = size - used;
  }
  memcpy(buffer + used, text, length);
  return used + length;
}

static size_t append_number(char* buffer, size_t used, size_t size,
                            unsigned long long number) {
  char digits[24];
  size_t count = 0;
  do {
    digits[sizeof digits - 1 - count] = (char)('0' + number % 10U);
    number /= 10U;
    ++count;
  } while (number != 0U && count < sizeof digits);
  return append(buffer, used, size, digits + sizeof digits - count, count);
}

static void write_all(int fd, const char* data, size_t length) {
  while (length > 0U) {
    const ssize_t written = write(fd, data, length);
    if (written <= 0) {
      return;
    }
    data += written;
    length -= (size_t)written;
  }
}

static void snapshot(const char* event) {
  if (directory[0] == '\0') {
    return;
  }
  struct timespec now;
  // SAFETY: `now` is a valid out-parameter; CLOCK_MONOTONIC always exists.
  clock_gettime(CLOCK_MONOTONIC, &now);
  char path[1200];
  size_t used = append(path, 0, sizeof path - 1, directory, strlen(directory));
  used = append(path, used, sizeof path - 1, "/", 1);
  used = append_number(path, used, sizeof path - 1,
                       (unsigned long long)now.tv_sec * 1000000000ULL +
                           (unsigned long long)now.tv_nsec);
  used = append(path, used, sizeof path - 1, "-", 1);
  used = append_number(path, used, sizeof path - 1,
                       (unsigned long long)syscall(SYS_getpid));
  used = append(path, used, sizeof path - 1, "-", 1);
  used = append(path, used, sizeof path - 1, event, strlen(event));
  path[used] = '\0';
  // SAFETY: `path` is NUL-terminated within its buffer; the descriptor is
  // close-on-exec and closed below, so the program never sees it.
  const int out =
      open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)0600);
  if (out < 0) {
    return;
  }
  const int listing = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (listing >= 0) {
    union {
      struct dirent64 first;
      char bytes[4096];
    } entries;
    long got;
    // SAFETY: the kernel writes at most sizeof entries.bytes bytes of whole
    // records; each record's d_reclen bounds the walk below.
    while ((got = syscall(SYS_getdents64, listing, entries.bytes,
                          sizeof entries.bytes)) > 0) {
      for (long at = 0; at < got;) {
        // The kernel aligns each record; the union aligns the first.
        const struct dirent64* entry =
            (const struct dirent64*)(const void*)(entries.bytes + at);
        at += entry->d_reclen;
        const char* name = entry->d_name;
        if (name[0] < '0' || name[0] > '9') {
          continue;
        }
        const int number = atoi(name);
        if (number == out || number == listing) {
          continue;
        }
        char link[64] = "/proc/self/fd/";
        strncat(link, name, sizeof link - strlen(link) - 1);
        char target[1024];
        // SAFETY: readlink writes at most sizeof target bytes and no NUL;
        // only `length` bytes are used.
        const ssize_t length = readlink(link, target, sizeof target);
        char line[1200];
        size_t line_used = append(line, 0, sizeof line, "fd ", 3);
        line_used = append(line, line_used, sizeof line, name, strlen(name));
        line_used = append(line, line_used, sizeof line, " ", 1);
        if (length > 0) {
          line_used =
              append(line, line_used, sizeof line, target, (size_t)length);
        }
        line_used = append(line, line_used, sizeof line - 1, "\n", 1);
        write_all(out, line, line_used);
      }
    }
    close(listing);
  }
  const int maps = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (maps >= 0) {
    write_all(out, "maps\n", 5);
    char chunk[4096];
    ssize_t got;
    while ((got = read(maps, chunk, sizeof chunk)) > 0) {
      write_all(out, chunk, (size_t)got);
    }
    close(maps);
  }
  close(out);
}

static void at_fork_child(void) { snapshot("fork"); }

__attribute__((constructor)) static void at_start(void) {
  const char* given = getenv("FFIKIT_REALWORLD_SNAPSHOTS");
  if (given == NULL || strlen(given) >= sizeof directory) {
    return;
  }
  // SAFETY: the length was checked against the buffer just above.
  strcpy(directory, given);
  pthread_atfork(NULL, NULL, at_fork_child);
  snapshot("start");
}

__attribute__((destructor)) static void at_exit_snapshot(void) {
  snapshot("exit");
}

// Interposed so that a process that leaves with _exit is listed too; then
// the process ends exactly as _exit would end it.
__attribute__((visibility("default"), noreturn)) void _exit(int status) {
  snapshot("_exit");
  for (;;) {
    // SAFETY: what glibc's _exit does; exit_group does not return.
    syscall(SYS_exit_group, status);
  }
}

__attribute__((visibility("default"), noreturn)) void _Exit(int status) {
  _exit(status);
}
