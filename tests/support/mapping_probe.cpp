#include "ffikit/test_support/mapping_probe.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace ffikit::test_support {

bool page_is_mapped(const void* address) {
  // SAFETY: sysconf has no preconditions; the page size is positive.
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>(address) & ~(page - 1);
  unsigned char resident = 0;
  // SAFETY: one page, so mincore writes exactly one byte into resident; it
  // reads nothing of the range itself. ENOMEM means "not mapped".
  return ::mincore(reinterpret_cast<void*>(start), page, &resident) == 0;
}

}  // namespace ffikit::test_support
