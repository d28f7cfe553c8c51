// The capstone: ffikit-cat from scratch. Usage: cat FILE...
// Writes each file's bytes to standard output, in order. For a file that
// cannot be read, prints "cat: OPERATION(PATH): REASON" to standard error
// (e.g. "cat: open(/x): No such file or directory"), goes on with the next
// file, and exits with status 1 at the end; otherwise exits 0.
// You may use any stage of the kit; ffikit::stage4 is a good fit.
#include <cstdio>

int main(int argc, char** argv) {
  // TODO: for each argument, map the file and write its bytes to stdout
  // (write(2) may write less than asked: loop), report errors as above.
  static_cast<void>(argc);
  static_cast<void>(argv);
  return 0;
}
