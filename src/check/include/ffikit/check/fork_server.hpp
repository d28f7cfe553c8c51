/// @file
/// The fork server's protocol, shared by the preload library (the server)
/// and `ffikit-faultrun --fork-server` (its client).
///
/// Executing the program again for every case of a sweep costs the dynamic
/// loader's work each time. With `FFIKIT_CHECK_FORK_SERVER=FD` in its
/// environment, the preload library stops the program in its constructor,
/// once the loader is done and before `main`, and serves on the
/// `SOCK_SEQPACKET` socket FD:
///
/// 1. it sends `{ready, its pid}` once;
/// 2. for each request, `"REPORT_DIR\0FAULT\0"` (FAULT may be empty) with
///    two descriptors attached (`SCM_RIGHTS`: the case's stdout, then its
///    stderr), it forks a child that gets those as descriptors 1 and 2, a
///    process group of its own, `FFIKIT_CHECK_REPORT=REPORT_DIR` and
///    `FFIKIT_CHECK_FAULT=FAULT` (unset when empty), and goes on into
///    `main` as if it had just been executed;
/// 3. it answers `{started, child pid}` (or `{not_started, errno}`), then
///    `{ended, wait status}` once it has reaped the child;
/// 4. it ends (`_exit(0)`) when the socket is closed.
///
/// Every child starts from the same memory image: address-space layout
/// randomisation is drawn once per server, not once per case.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ffikit::check::fork_server {

/// The environment variable that makes the preload library a fork server.
inline constexpr const char* variable = "FFIKIT_CHECK_FORK_SERVER";

/// What a message from the server says.
enum class Kind : std::int32_t {
  ready = 1,        ///< value: the server's pid.
  started = 2,      ///< value: the forked child's pid.
  not_started = 3,  ///< value: the errno of the failed fork.
  ended = 4,        ///< value: the child's wait status (waitpid).
};

/// One message from the server: a fixed-size datagram.
struct Message {
  Kind kind = Kind::ready;  ///< What happened.
  std::int32_t value = 0;   ///< Its number (see Kind).
};

/// The longest request: a report directory path and a fault plan's text,
/// each NUL-terminated.
inline constexpr std::size_t max_request = 8192;

}  // namespace ffikit::check::fork_server
