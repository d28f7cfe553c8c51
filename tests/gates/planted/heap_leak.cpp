// Planted defect: one heap block that nothing frees. The memcheck gate must
// report it as definitely lost, and LeakSanitizer as a detected leak.
#include <cstdio>
#include <thread>

namespace {

[[gnu::noinline]] void leak_one_block() {
  int* block = new int[4];
  block[3] = 4;
  std::printf("planted heap leak: %d\n", block[3]);
}

}  // namespace

int main() {
  // Leak checkers scan live stacks and registers conservatively, and a stale
  // copy of the address in a frame of the main thread (UBSan's checks leave
  // some) would make the block look reachable. A thread that has exited
  // has no stack to scan, so its leak stays a leak under every checker.
  std::thread worker(leak_one_block);
  worker.join();
  return 0;
}
