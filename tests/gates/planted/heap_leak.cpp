// Planted defect: one heap block that nothing frees. The memcheck gate must
// report it as definitely lost, and LeakSanitizer as a detected leak.
#include <cstdio>

namespace {

// Kept out of main so that no register or stack slot of main still points
// at the block when the leak checkers look.
[[gnu::noinline]] void leak_one_block() {
  const int* block = new int[4]{1, 2, 3, 4};
  std::printf("planted heap leak: %d\n", block[3]);
}

}  // namespace

int main() {
  leak_one_block();
  return 0;
}
