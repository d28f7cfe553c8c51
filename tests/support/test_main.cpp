// The main() of every kit test binary: GoogleTest plus the leak listener, so
// no test can leave a descriptor or a file mapping behind unnoticed.
#include <gtest/gtest.h>

#include "ffikit/test_support/resource_snapshot.hpp"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  ffikit::test_support::install_leak_listener();
  return RUN_ALL_TESTS();
}
