#include "ffikit/check/errno_catalog.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>

namespace ffikit::check {
namespace {

// Copied by hand from the ERRORS sections of the Linux man pages
// (man-pages 6.03). EWOULDBLOCK equals EAGAIN on Linux and is listed once.
constexpr std::array open_errors = {
    EACCES,    EBADF,  EBUSY,  EDQUOT,  EEXIST,  EFAULT,       EFBIG,
    EINTR,     EINVAL, EISDIR, ELOOP,   EMFILE,  ENAMETOOLONG, ENFILE,
    ENODEV,    ENOENT, ENOMEM, ENOSPC,  ENOTDIR, ENXIO,        EOPNOTSUPP,
    EOVERFLOW, EPERM,  EROFS,  ETXTBSY, EAGAIN};
constexpr std::array fstat_errors = {EACCES,  EBADF,        EFAULT, EINVAL,
                                     ELOOP,   ENAMETOOLONG, ENOENT, ENOMEM,
                                     ENOTDIR, EOVERFLOW};
constexpr std::array mmap_errors = {EACCES,    EAGAIN, EBADF,  EEXIST,
                                    EINVAL,    ENFILE, ENODEV, ENOMEM,
                                    EOVERFLOW, EPERM,  ETXTBSY};
constexpr std::array munmap_errors = {EINVAL, ENOMEM};
constexpr std::array close_errors = {EBADF, EINTR, EIO, ENOSPC, EDQUOT};

struct Named {
  int value;
  const char* text;
};

constexpr std::array names = {
    Named{EPERM, "EPERM"},
    Named{ENOENT, "ENOENT"},
    Named{EINTR, "EINTR"},
    Named{EIO, "EIO"},
    Named{ENXIO, "ENXIO"},
    Named{EBADF, "EBADF"},
    Named{EAGAIN, "EAGAIN"},
    Named{ENOMEM, "ENOMEM"},
    Named{EACCES, "EACCES"},
    Named{EFAULT, "EFAULT"},
    Named{EBUSY, "EBUSY"},
    Named{EEXIST, "EEXIST"},
    Named{ENODEV, "ENODEV"},
    Named{ENOTDIR, "ENOTDIR"},
    Named{EISDIR, "EISDIR"},
    Named{EINVAL, "EINVAL"},
    Named{ENFILE, "ENFILE"},
    Named{EMFILE, "EMFILE"},
    Named{ETXTBSY, "ETXTBSY"},
    Named{EFBIG, "EFBIG"},
    Named{ENOSPC, "ENOSPC"},
    Named{EROFS, "EROFS"},
    Named{ENAMETOOLONG, "ENAMETOOLONG"},
    Named{ELOOP, "ELOOP"},
    Named{EOVERFLOW, "EOVERFLOW"},
    Named{EOPNOTSUPP, "EOPNOTSUPP"},
    Named{EDQUOT, "EDQUOT"},
};

}  // namespace

std::span<const int> documented_errors(Function function) noexcept {
  switch (function) {
    case Function::open:
      return open_errors;
    case Function::fstat:
      return fstat_errors;
    case Function::mmap:
      return mmap_errors;
    case Function::munmap:
      return munmap_errors;
    case Function::close:
      return close_errors;
  }
  return {};
}

const char* errno_name(int error) noexcept {
  const auto* found =
      std::find_if(names.begin(), names.end(),
                   [&](const Named& n) { return n.value == error; });
  return found == names.end() ? nullptr : found->text;
}

std::optional<int> errno_from_name(std::string_view text) noexcept {
  for (const Named& n : names) {
    if (text == n.text) {
      return n.value;
    }
  }
  if (text == "EWOULDBLOCK") {
    return EAGAIN;
  }
  int value = 0;
  const auto [end, status] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (status == std::errc{} && end == text.data() + text.size() && value > 0) {
    return value;
  }
  return std::nullopt;
}

}  // namespace ffikit::check
