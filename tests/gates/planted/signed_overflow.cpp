// Planted defect: signed integer overflow, which UBSan must stop.
#include <climits>
#include <cstdio>

int main(int argc, char** /*argv*/) {
  // With no arguments argc is 1, so this is INT_MAX + 1.
  const int almost = INT_MAX - 1 + argc;
  const int overflowed = almost + argc;
  std::printf("planted signed overflow: %d\n", overflowed);
  return 0;
}
