#include "ffikit/stage3_callback/read_to_end.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <new>

namespace ffikit::stage3 {
namespace {

// The first buffer when the size is unknown: a page, which holds most
// /proc and /sys files whole.
constexpr std::size_t unsized_first_read = 4096;

// The largest bound honoured: the buffer holds one byte more than the
// bound, and a vector cannot hold more than PTRDIFF_MAX bytes.
constexpr auto largest_limit = static_cast<std::size_t>(PTRDIFF_MAX) - 1;

}  // namespace

std::error_code read_to_end(int fd, std::size_t expected_size,
                            std::size_t limit, std::vector<std::byte>& out,
                            ReadFunction read) noexcept {
  if (expected_size > limit) {
    std::vector<std::byte>().swap(out);
    return {EFBIG, std::system_category()};
  }
  // One byte more than the bound: when it fills, the file is too big.
  const std::size_t capacity = std::min(limit, largest_limit) + 1;
  const std::size_t first = expected_size > 0
                                ? std::min(expected_size, capacity - 1) + 1
                                : unsized_first_read;
  std::size_t used = 0;
  std::error_code error;
  try {
    out.clear();
    out.resize(std::min(first, capacity));
    for (;;) {
      if (used == out.size()) {
        if (used == capacity) {
          error.assign(EFBIG, std::system_category());
          break;
        }
        out.resize(used > capacity / 2 ? capacity : std::max(2 * used, first));
      }
      // SAFETY: out owns out.size() writable bytes, and [used, size) lies
      // inside them for the whole call.
      const ssize_t got = read(fd, out.data() + used, out.size() - used);
      if (got < 0) {
        if (errno == EINTR) {
          continue;
        }
        error.assign(errno, std::system_category());
        break;
      }
      if (got == 0) {
        out.resize(used);
        return {};
      }
      used += static_cast<std::size_t>(got);
    }
  } catch (const std::bad_alloc&) {
    error.assign(ENOMEM, std::system_category());
  }
  std::vector<std::byte>().swap(out);
  return error;
}

}  // namespace ffikit::stage3
