// Internal: the server side of ffikit/check/fork_server.hpp, run by the
// preload library's constructor.
#pragma once

namespace ffikit::check::preload {

/// @cond internal
/// Serves forks on the socket whose number is @p socket_text. Returns only
/// in a forked child, set up for its case (see fork_server.hpp); the server
/// itself ends with _exit. Returns at once, serving nothing, when
/// @p socket_text is not a descriptor number. Call before the checker is
/// armed: nothing the server does is the program's.
void serve_forks(const char* socket_text) noexcept;
/// @endcond

}  // namespace ffikit::check::preload
