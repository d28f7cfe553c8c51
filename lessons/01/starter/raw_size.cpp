#include <cerrno>

#include "lesson01.hpp"

namespace lesson01 {

std::int64_t raw_file_size(const char* path) noexcept {
  // TODO: open the file with o_rdonly | o_cloexec, fill a stat_buffer with
  // fstat, close the descriptor on every path, return st_size (or -1).
  static_cast<void>(path);
  errno = ENOSYS;
  return -1;
}

}  // namespace lesson01
