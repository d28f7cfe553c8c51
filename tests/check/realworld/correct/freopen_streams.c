// freopen twice: once to point stdin at a file (as tools given a file
// argument do before reading "standard input"; coreutils' close_stdin then
// fcloses it), once to reuse a stream of the program's own for a second
// file. freopen releases the old descriptor and acquires a new one.
// expect: ok
// args: {file} {empty}
#define _GNU_SOURCE
#include <stdio.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s FILE EMPTY\n", argv[0]);
    return 2;
  }
  if (freopen(argv[1], "r", stdin) == NULL) {
    perror("freopen stdin");
    return 2;
  }
  char line[16];
  const int read_stdin = fgets(line, sizeof line, stdin) != NULL;
  FILE* own = fopen(argv[1], "re");
  if (own == NULL) {
    return 2;
  }
  own = freopen(argv[2], "re", own);
  if (own == NULL) {
    perror("freopen own");
    return 2;
  }
  const int empty = fgetc(own) == EOF;
  const int closed = fclose(own) == 0 && fclose(stdin) == 0;
  return read_stdin && empty && closed ? 0 : 1;
}
