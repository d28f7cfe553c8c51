// Copying a region would unmap one range twice.
#include "ffikit/stage2_raii/mapped_region.hpp"

int main() {
  ffikit::stage2::MappedRegion original;
  ffikit::stage2::MappedRegion copy;
  copy = original;
  return static_cast<int>(copy.size());
}
