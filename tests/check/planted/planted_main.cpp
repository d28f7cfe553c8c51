// ffikit-planted BUG FILE: runs one planted bug on FILE, for the black-box
// checker to find from outside. Prints "ffikit-planted: OP failed: REASON"
// and exits 1 when a call fails.
#include <cstdio>
#include <cstring>

#include "planted_bugs.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fputs("usage: ffikit-planted BUG FILE\n", stderr);
    return 2;
  }
  int (*bug)(const char*) = ffikit::planted::find(argv[1]);
  if (bug == nullptr) {
    std::fprintf(stderr, "ffikit-planted: unknown bug %s\n", argv[1]);
    return 2;
  }
  const int error = bug(argv[2]);
  if (error != 0) {
    std::fprintf(stderr, "ffikit-planted: %s: %s\n", argv[1],
                 std::strerror(error));
    return 1;
  }
  return 0;
}
