// popen("echo ...", "r") and pclose(), as countless programs run a helper.
// glibc makes the pipe, spawns the shell and wraps the read end in a
// stream with internal calls no interposer sees: the stream and its
// descriptor appear from nowhere and pclose releases them.
// expect: ok
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

int main(void) {
  FILE* pipe = popen("echo from-a-shell", "r");
  if (pipe == NULL) {
    perror("popen");
    return 2;
  }
  char line[64] = "";
  const int read_ok = fgets(line, sizeof line, pipe) != NULL;
  const int status = pclose(pipe);
  return read_ok && status == 0 && strcmp(line, "from-a-shell\n") == 0 ? 0 : 1;
}
