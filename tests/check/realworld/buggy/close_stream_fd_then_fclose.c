// close(fileno(stream)) followed by fclose(stream): the descriptor belonged
// to the stream, so the program closes it behind the stream's back and
// fclose then closes the number again (Android's fdsan was built to catch
// exactly this ownership error).
// expect: close of stream descriptor
// args: {file}
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  FILE* in = fopen(argv[1], "re");
  if (in == NULL) {
    perror("fopen");
    return 2;
  }
  const int ok = fgetc(in) != EOF;
  close(fileno(in));  // bug: the stream owns this descriptor
  fclose(in);
  return ok ? 0 : 1;
}
