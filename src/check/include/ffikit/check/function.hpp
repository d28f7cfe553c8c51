/// @file
/// The C calls the checker watches, by logical operation.
#pragma once

#include <array>
#include <optional>
#include <string_view>

/// The lifetime checker and fault injector.
namespace ffikit::check {

/// One watched operation. Every symbol a program may link against counts as
/// the operation it performs (watched_calls.def lists them), so a fault plan
/// for `open` also hits `openat`, `__open_2` and `creat`.
enum class Function : unsigned char {
  open,            ///< open, open64, openat, openat64, the fortified
                   ///< __open_2 family, creat, creat64
  fstat,           ///< fstat, fstat64
  mmap,            ///< mmap, mmap64
  munmap,          ///< munmap
  close,           ///< close
  mremap,          ///< mremap
  dup,             ///< dup, dup2, dup3
  fcntl,           ///< fcntl and fcntl64 with F_DUPFD or F_DUPFD_CLOEXEC
  pipe,            ///< pipe, pipe2
  socket,          ///< socket
  socketpair,      ///< socketpair
  accept,          ///< accept, accept4
  eventfd,         ///< eventfd
  memfd_create,    ///< memfd_create
  signalfd,        ///< signalfd
  timerfd_create,  ///< timerfd_create
  epoll_create,    ///< epoll_create, epoll_create1
  inotify_init,    ///< inotify_init, inotify_init1
  close_range,     ///< close_range, closefrom
  fopen,           ///< fopen, fopen64, freopen, freopen64
  fdopen,          ///< fdopen
  fclose,          ///< fclose, fcloseall
  opendir,         ///< opendir
  fdopendir,       ///< fdopendir
  closedir,        ///< closedir
  exec,            ///< the exec family (preloaded only)
  exit,            ///< _exit, _Exit (preloaded only; never failed)
  fork,            ///< vfork, run as fork (preloaded only)
};

/// Number of operations.
inline constexpr std::size_t function_count =
    static_cast<std::size_t>(Function::fork) + 1;

/// Every operation: the five of the case study first, in the order a file
/// is used, then the rest in declaration order.
inline constexpr std::array<Function, function_count> all_functions = [] {
  std::array<Function, function_count> out{};
  for (std::size_t i = 0; i < function_count; ++i) {
    out[i] = static_cast<Function>(i);
  }
  return out;
}();

/// The five operations of the case study (open, fstat, mmap, munmap, close):
/// what the stages call, and what a sweep of a stage fails.
inline constexpr std::array<Function, 5> file_functions = {
    Function::open, Function::fstat, Function::mmap, Function::munmap,
    Function::close};

/// The operation's name as the stages print it ("open", "mmap", ...).
const char* name(Function function) noexcept;

/// Parses an operation or one of its symbol names ("openat", "mmap64").
/// @return std::nullopt for anything else.
std::optional<Function> function_from_name(std::string_view text) noexcept;

}  // namespace ffikit::check
