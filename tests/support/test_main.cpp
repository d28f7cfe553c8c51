// The main() of every kit test binary: GoogleTest plus the leak listener, so
// no test can leave a descriptor or a file mapping behind unnoticed.
#include <gtest/gtest.h>

#include "ffikit/test_support/resource_snapshot.hpp"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  // Death tests fork; "threadsafe" re-executes the binary so the child does
  // not inherit a half-held lock from another thread.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  ffikit::test_support::install_leak_listener();
  return RUN_ALL_TESTS();
}
