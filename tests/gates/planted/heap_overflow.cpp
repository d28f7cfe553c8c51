// Planted defect: a read one element past the end of a heap block.
// memcheck reports "Invalid read"; ASan reports heap-buffer-overflow.
#include <cstdio>

int main(int argc, char** /*argv*/) {
  int* block = new int[4]{1, 2, 3, 4};
  // argc is 1 when run without arguments, so the index is 4: one past the
  // end. Hiding it behind argc keeps the compiler from rejecting it.
  const int past_end = block[argc + 3];
  std::printf("planted heap overflow read %d\n", past_end);
  delete[] block;
  return 0;
}
