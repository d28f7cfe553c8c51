#include "intercept/preload/fork_server.hpp"

#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <string_view>

#include "ffikit/check/fork_server.hpp"

#if defined(FFIKIT_COVERAGE_BUILD)
extern "C" void __llvm_profile_initialize_file(void);
extern "C" int __llvm_profile_write_file(void);
#endif

namespace ffikit::check::preload {
namespace {

namespace protocol = ffikit::check::fork_server;

// The server's end: it never reaches main's return, so an instrumented
// build writes its coverage counters first. The profile runtime's own
// constructor may come after this library's, which the server never
// leaves: its output file is set up here.
[[noreturn]] void end_server() noexcept {
#if defined(FFIKIT_COVERAGE_BUILD)
  __llvm_profile_initialize_file();
  static_cast<void>(__llvm_profile_write_file());
#endif
  ::_exit(0);
}

// Sends one message; false when the client is gone.
bool tell(int socket, protocol::Kind kind, std::int32_t value) noexcept {
  const protocol::Message message{kind, value};
  for (;;) {
    // SAFETY: sends the bytes of a local struct; MSG_NOSIGNAL, so a client
    // that went away is EPIPE, not a SIGPIPE.
    const ssize_t sent = ::send(socket, &message, sizeof message, MSG_NOSIGNAL);
    if (sent >= 0 || errno != EINTR) {
      return sent == static_cast<ssize_t>(sizeof message);
    }
  }
}

// One request: its text and the two descriptors that came with it.
struct Request {
  std::array<char, protocol::max_request> text{};
  std::size_t size = 0;
  int out = -1;
  int err = -1;
};

// Receives one request. @return 1 for a request, 0 when the client closed
// the socket, -1 for a malformed one (its descriptors, if any, closed).
int receive(int socket, Request& request) noexcept {
  alignas(cmsghdr) std::array<char, CMSG_SPACE(2 * sizeof(int))> control{};
  iovec part{request.text.data(), request.text.size() - 1};
  msghdr header{};
  header.msg_iov = &part;
  header.msg_iovlen = 1;
  header.msg_control = control.data();
  header.msg_controllen = control.size();
  ssize_t got = 0;
  do {
    // SAFETY: header describes the local buffers above, within their
    // sizes; received descriptors are close-on-exec.
    got = ::recvmsg(socket, &header, MSG_CMSG_CLOEXEC);
  } while (got < 0 && errno == EINTR);
  if (got <= 0) {
    return 0;
  }
  request.size = static_cast<std::size_t>(got);
  request.text[request.size] = '\0';
  // The buffer holds one SCM_RIGHTS message of two descriptors: the
  // kernel closes any more and says MSG_CTRUNC, refused below.
  std::size_t count = 0;
  std::array<int, 2> fds{-1, -1};
  // SAFETY: reads the control message recvmsg wrote into control, at most
  // the two descriptors it has room for.
  if (const cmsghdr* c = CMSG_FIRSTHDR(&header);
      c != nullptr && c->cmsg_type == SCM_RIGHTS) {
    count = std::min<std::size_t>((c->cmsg_len - CMSG_LEN(0)) / sizeof(int),
                                  fds.size());
    std::memcpy(fds.data(), CMSG_DATA(c), count * sizeof(int));
  }
  request.out = fds[0];
  request.err = fds[1];
  const bool complete =
      count == 2 && (header.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) == 0 &&
      std::memchr(request.text.data(), '\0', request.size) != nullptr;
  if (!complete) {
    for (const int fd : fds) {
      if (fd >= 0) {
        // SAFETY: a descriptor just received, closed once.
        ::close(fd);
      }
    }
    return -1;
  }
  return 1;
}

// In the child: its descriptors, process group and environment.
void become_the_case(int socket, const Request& request) noexcept {
  // SAFETY: each descriptor is the server's own copy, closed or moved
  // once; dup2 onto 1 and 2 clears close-on-exec there.
  ::close(socket);
  ::dup2(request.out, STDOUT_FILENO);
  ::dup2(request.err, STDERR_FILENO);
  if (request.out > STDERR_FILENO) {
    ::close(request.out);
  }
  if (request.err > STDERR_FILENO) {
    ::close(request.err);
  }
  // SAFETY: this process only; the server makes the same call, whichever
  // runs first.
  ::setpgid(0, 0);
  const char* directory = request.text.data();
  const char* fault = directory + std::strlen(directory) + 1;
  const bool has_fault =
      fault < request.text.data() + request.size && *fault != '\0';
  // SAFETY: NUL-terminated strings; the process has one thread.
  ::setenv("FFIKIT_CHECK_REPORT", directory, 1);
  if (has_fault) {
    ::setenv("FFIKIT_CHECK_FAULT", fault, 1);
  } else {
    ::unsetenv("FFIKIT_CHECK_FAULT");
  }
}

}  // namespace

void serve_forks(const char* socket_text) noexcept {
  const std::string_view text(socket_text);
  int socket = -1;
  const auto [end, status] =
      std::from_chars(text.data(), text.data() + text.size(), socket);
  if (status != std::errc{} || end != text.data() + text.size() || socket < 0) {
    return;
  }
  // SAFETY: the process has one thread; no child must serve in turn.
  ::unsetenv(protocol::variable);
  if (!tell(socket, protocol::Kind::ready, ::getpid())) {
    end_server();
  }
  for (;;) {
    Request request;
    const int got = receive(socket, request);
    if (got == 0) {
      end_server();
    }
    if (got < 0) {
      if (!tell(socket, protocol::Kind::not_started, EINVAL)) {
        end_server();
      }
      continue;
    }
    // SAFETY: the process has one thread, so the child is a full copy.
    const pid_t child = ::fork();
    if (child == 0) {
      become_the_case(socket, request);
      return;
    }
    const int fork_error = errno;
    // SAFETY: the request's descriptors belong to this server now; the
    // child has its own copies.
    ::close(request.out);
    ::close(request.err);
    if (child < 0) {
      if (!tell(socket, protocol::Kind::not_started, fork_error)) {
        end_server();
      }
      continue;
    }
    // SAFETY: our own child; the same call the child makes, so that the
    // group exists before the client can signal it.
    ::setpgid(child, child);
    const bool told = tell(socket, protocol::Kind::started, child);
    int wait_status = 0;
    // SAFETY: reaps our own child; EINTR retried.
    while (::waitpid(child, &wait_status, 0) < 0 && errno == EINTR) {
    }
    if (!told || !tell(socket, protocol::Kind::ended, wait_status)) {
      end_server();
    }
  }
}

}  // namespace ffikit::check::preload
