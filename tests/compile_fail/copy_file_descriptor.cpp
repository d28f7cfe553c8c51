// Copying an owner would close one descriptor twice.
#include "ffikit/stage2_raii/file_descriptor.hpp"

int main() {
  ffikit::stage2::FileDescriptor original(0);
  ffikit::stage2::FileDescriptor copy = original;
  return copy.get();
}
