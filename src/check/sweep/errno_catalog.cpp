#include "ffikit/check/errno_catalog.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>

namespace ffikit::check {
namespace {

// Copied by hand from the ERRORS sections of the Linux man pages
// (man-pages 6.03), each errno once, in the page's order. EWOULDBLOCK
// equals EAGAIN on Linux and is listed once. Only what the call can return
// for the way it is used: fstat on a descriptor has no path, so stat(2)'s
// path errors (ENOENT, ELOOP, ENAMETOOLONG, ENOTDIR, EACCES) are not its.
constexpr std::array open_errors = {
    EACCES,    EBADF,  EBUSY,  EDQUOT,  EEXIST,  EFAULT,       EFBIG,
    EINTR,     EINVAL, EISDIR, ELOOP,   EMFILE,  ENAMETOOLONG, ENFILE,
    ENODEV,    ENOENT, ENOMEM, ENOSPC,  ENOTDIR, ENXIO,        EOPNOTSUPP,
    EOVERFLOW, EPERM,  EROFS,  ETXTBSY, EAGAIN};
constexpr std::array fstat_errors = {EBADF, EFAULT, ENOMEM, EOVERFLOW};
constexpr std::array mmap_errors = {EACCES,    EAGAIN, EBADF,  EEXIST,
                                    EINVAL,    ENFILE, ENODEV, ENOMEM,
                                    EOVERFLOW, EPERM,  ETXTBSY};
constexpr std::array munmap_errors = {EINVAL, ENOMEM};
constexpr std::array close_errors = {EBADF, EINTR, EIO, ENOSPC, EDQUOT};
constexpr std::array mremap_errors = {EAGAIN, EFAULT, EINVAL, ENOMEM};
// dup(2) covers dup, dup2 and dup3.
constexpr std::array dup_errors = {EBADF, EBUSY, EINTR, EINVAL, EMFILE};
// fcntl(2) for F_DUPFD and F_DUPFD_CLOEXEC.
constexpr std::array fcntl_errors = {EBADF, EINVAL, EMFILE};
// ENOPKG: pipe2(O_NOTIFICATION_PIPE) on a kernel without notifications.
constexpr std::array pipe_errors = {EFAULT, EINVAL, EMFILE, ENFILE, ENOPKG};
constexpr std::array socket_errors = {EACCES, EAFNOSUPPORT,   EINVAL,
                                      EMFILE, ENFILE,         ENOBUFS,
                                      ENOMEM, EPROTONOSUPPORT};
constexpr std::array socketpair_errors = {
    EAFNOSUPPORT, EFAULT, EMFILE, ENFILE, EOPNOTSUPP, EPROTONOSUPPORT};
constexpr std::array accept_errors = {
    EAGAIN, EBADF,   ECONNABORTED, EFAULT,   EINTR,      EINVAL, EMFILE,
    ENFILE, ENOBUFS, ENOMEM,       ENOTSOCK, EOPNOTSUPP, EPERM,  EPROTO};
constexpr std::array eventfd_errors = {EINVAL, EMFILE, ENFILE, ENODEV, ENOMEM};
constexpr std::array memfd_create_errors = {EFAULT, EINVAL, EMFILE, ENFILE,
                                            ENOMEM};
constexpr std::array signalfd_errors = {EBADF,  EINVAL, EMFILE,
                                        ENFILE, ENODEV, ENOMEM};
// EPERM: an alarm clock without CAP_WAKE_ALARM.
constexpr std::array timerfd_create_errors = {EINVAL, EMFILE, ENFILE,
                                              ENODEV, ENOMEM, EPERM};
constexpr std::array epoll_create_errors = {EINVAL, EMFILE, ENFILE, ENOMEM};
constexpr std::array inotify_init_errors = {EINVAL, EMFILE, ENFILE, ENOMEM};
constexpr std::array close_range_errors = {EINVAL, EMFILE, ENOMEM};
// fopen(3): EINVAL for the mode, and any error of malloc(3) and open(2).
constexpr std::array fopen_errors = open_errors;
// fdopen(3): EINVAL, and the errors of fcntl(2) and malloc(3).
constexpr std::array fdopen_errors = {EINVAL, EBADF, ENOMEM};
// fclose(3): EBADF, and the errors of close(2), write(2) and fflush(3)
// (fclose writes what is buffered first): close's, then write's others.
constexpr std::array fclose_errors = {EBADF,  EINTR,  EIO,          ENOSPC,
                                      EDQUOT, EAGAIN, EDESTADDRREQ, EFAULT,
                                      EFBIG,  EINVAL, EPERM,        EPIPE};
constexpr std::array opendir_errors = {EACCES, EBADF,  EMFILE, ENFILE,
                                       ENOENT, ENOMEM, ENOTDIR};
constexpr std::array fdopendir_errors = {EBADF, ENOMEM, ENOTDIR};
constexpr std::array closedir_errors = {EBADF};
constexpr std::array exec_errors = {
    E2BIG,  EACCES,  EAGAIN, EFAULT,  EINVAL,       EIO,
    EISDIR, ELIBBAD, ELOOP,  EMFILE,  ENAMETOOLONG, ENFILE,
    ENOENT, ENOEXEC, ENOMEM, ENOTDIR, EPERM,        ETXTBSY};
// fork(2); _exit cannot fail.
constexpr std::array fork_errors = {EAGAIN, ENOMEM};

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
    Named{E2BIG, "E2BIG"},
    Named{ENOEXEC, "ENOEXEC"},
    Named{ECHILD, "ECHILD"},
    Named{EPIPE, "EPIPE"},
    Named{ENOSYS, "ENOSYS"},
    Named{ELIBBAD, "ELIBBAD"},
    Named{ENOTSOCK, "ENOTSOCK"},
    Named{EPROTONOSUPPORT, "EPROTONOSUPPORT"},
    Named{EAFNOSUPPORT, "EAFNOSUPPORT"},
    Named{ECONNABORTED, "ECONNABORTED"},
    Named{ENOBUFS, "ENOBUFS"},
    Named{EPROTO, "EPROTO"},
    Named{ESPIPE, "ESPIPE"},
    Named{ENOTTY, "ENOTTY"},
    Named{ESRCH, "ESRCH"},
    Named{ENOPKG, "ENOPKG"},
    Named{EDESTADDRREQ, "EDESTADDRREQ"},
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
    case Function::mremap:
      return mremap_errors;
    case Function::dup:
      return dup_errors;
    case Function::fcntl:
      return fcntl_errors;
    case Function::pipe:
      return pipe_errors;
    case Function::socket:
      return socket_errors;
    case Function::socketpair:
      return socketpair_errors;
    case Function::accept:
      return accept_errors;
    case Function::eventfd:
      return eventfd_errors;
    case Function::memfd_create:
      return memfd_create_errors;
    case Function::signalfd:
      return signalfd_errors;
    case Function::timerfd_create:
      return timerfd_create_errors;
    case Function::epoll_create:
      return epoll_create_errors;
    case Function::inotify_init:
      return inotify_init_errors;
    case Function::close_range:
      return close_range_errors;
    case Function::fopen:
      return fopen_errors;
    case Function::fdopen:
      return fdopen_errors;
    case Function::fclose:
      return fclose_errors;
    case Function::opendir:
      return opendir_errors;
    case Function::fdopendir:
      return fdopendir_errors;
    case Function::closedir:
      return closedir_errors;
    case Function::exec:
      return exec_errors;
    case Function::exit:
      return {};
    case Function::fork:
      return fork_errors;
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
