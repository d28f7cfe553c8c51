// Planted defect: two threads write one counter without synchronisation.
// TSan must report a data race.
#include <cstdio>
#include <thread>

namespace {
int counter = 0;  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)
}  // namespace

int main() {
  std::thread other([] { ++counter; });
  ++counter;
  other.join();
  std::printf("planted data race: %d\n", counter);
  return 0;
}
