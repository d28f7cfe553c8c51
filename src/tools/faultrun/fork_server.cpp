#include "fork_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "descriptor.hpp"
#include "ffikit/check/fork_server.hpp"

namespace ffikit::faultrun {
namespace {

namespace protocol = check::fork_server;

constexpr std::string_view report_variable = "FFIKIT_CHECK_REPORT=";
constexpr std::string_view fault_variable = "FFIKIT_CHECK_FAULT=";

// Reaps @p pid once it ends; kills its process group if it has not ended
// within @p grace.
void end_process(pid_t pid, std::chrono::milliseconds grace) {
  for (auto waited = std::chrono::milliseconds(0);;
       waited += std::chrono::milliseconds(10)) {
    int status = 0;
    const int got = wait_for(pid, WNOHANG, status);
    if (got == pid || got < 0) {
      return;
    }
    if (waited >= grace) {
      break;
    }
    ::usleep(10000);
  }
  // SAFETY: the process's own group, then our own unreaped child.
  ::kill(-pid, SIGKILL);
  int status = 0;
  static_cast<void>(wait_for(pid, 0, status));
}

// Waits up to @p timeout_ms (-1: for ever) for a message. nullopt when the
// server is gone, or nothing came in time (then @p timed_out).
std::optional<protocol::Message> receive(int socket, int timeout_ms,
                                         bool* timed_out = nullptr) {
  pollfd waiting{socket, POLLIN, 0};
  int ready = 0;
  do {
    // SAFETY: one valid pollfd.
    ready = ::poll(&waiting, 1, timeout_ms);
  } while (ready < 0 && errno == EINTR);
  if (ready == 0 && timed_out != nullptr) {
    *timed_out = true;
  }
  if (ready <= 0) {
    return std::nullopt;
  }
  protocol::Message message;
  ssize_t got = 0;
  do {
    // SAFETY: reads one datagram into a local struct, within its size.
    got = ::recv(socket, &message, sizeof message, 0);
  } while (got < 0 && errno == EINTR);
  if (got != static_cast<ssize_t>(sizeof message)) {
    return std::nullopt;
  }
  return message;
}

// A program started as a fork server, ended with it: closing the socket
// is its cue to end.
class Server {
 public:
  Server(int socket, pid_t pid) noexcept : socket_(socket), pid_(pid) {}
  ~Server() {
    socket_.reset();
    end_process(pid_, grace_);
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  Server(Server&&) = delete;
  Server& operator=(Server&&) = delete;

  [[nodiscard]] int socket() const noexcept { return socket_.get(); }
  [[nodiscard]] bool broken() const noexcept { return broken_; }
  void set_broken() noexcept { broken_ = true; }
  /// The program never became a server: it is killed at once, not given
  /// time to end.
  void abandon() noexcept { grace_ = std::chrono::milliseconds(0); }

 private:
  Descriptor socket_;
  pid_t pid_;
  std::chrono::milliseconds grace_{1000};
  bool broken_ = false;
};

// Starts @p launch as a fork server; nullptr when it does not become one.
std::unique_ptr<Server> start_server(const Launch& launch) {
  std::array<int, 2> pair{};
  // SAFETY: pair has room for both ends; both are close-on-exec (the
  // server's end is passed on by start_program's dup2 alone).
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair.data()) !=
      0) {
    return nullptr;
  }
  Descriptor theirs(pair[1]);
  Launch server = launch;
  server.keep_fd = theirs.get();
  server.show_stdout = false;
  std::erase_if(server.env, [](const std::string& entry) {
    return entry.starts_with(fault_variable);
  });
  server.env.push_back(std::string(protocol::variable) + "=" +
                       std::to_string(theirs.get()));
  // SAFETY: a fixed path, close-on-exec; the server's stderr.
  const Descriptor null(::open("/dev/null", O_WRONLY | O_CLOEXEC));
  pid_t pid = 0;
  const int error =
      null.get() < 0 ? errno : start_program(server, null.get(), pid);
  theirs.reset();
  if (error != 0) {
    const Descriptor unused(pair[0]);
    return nullptr;
  }
  auto started = std::make_unique<Server>(pair[0], pid);
  const auto limit = std::min<long long>(launch.timeout.count(), 10000);
  const auto ready = receive(started->socket(), static_cast<int>(limit));
  // The program itself must serve: one that runs it in a child of its own
  // (a shell that does not exec) would outlive the server and go on.
  if (!ready || ready->kind != protocol::Kind::ready || ready->value != pid) {
    started->abandon();
    return nullptr;
  }
  return started;
}

// The end of a case, as its server reports it.
class ServerEnd : public ProgramEnd {
 public:
  explicit ServerEnd(Server& server) noexcept : server_(server) {}
  [[nodiscard]] int descriptor() const override { return server_.socket(); }
  std::optional<int> ended() override { return next(0); }
  int wait() override { return next(-1).value_or(SIGKILL); }

 private:
  std::optional<int> next(int timeout_ms) {
    bool timed_out = false;
    const auto message = receive(server_.socket(), timeout_ms, &timed_out);
    if (message && message->kind == protocol::Kind::ended) {
      return message->value;
    }
    if (timed_out) {
      return std::nullopt;
    }
    // The server is gone or spoke out of turn: its case is over, and it
    // serves no more cases (a wait status of SIGKILL says "killed").
    server_.set_broken();
    return SIGKILL;
  }
  Server& server_;
};

// Sends one case: its report directory, fault plan, stdout and stderr.
bool send_case(int socket, const std::string& report_dir,
               const std::string& fault, int out, int err) {
  std::string text = report_dir;
  text.push_back('\0');
  text += fault;
  text.push_back('\0');
  if (text.size() > protocol::max_request - 1) {
    return false;
  }
  std::array<int, 2> fds{out, err};
  alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof fds)> control{};
  iovec part{text.data(), text.size()};
  msghdr header{};
  header.msg_iov = &part;
  header.msg_iovlen = 1;
  header.msg_control = control.data();
  header.msg_controllen = control.size();
  // SAFETY: control has room for one SCM_RIGHTS message of two ints.
  cmsghdr* c = CMSG_FIRSTHDR(&header);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof fds);
  std::memcpy(CMSG_DATA(c), fds.data(), sizeof fds);
  ssize_t sent = 0;
  do {
    // SAFETY: header describes local buffers; MSG_NOSIGNAL, so a server
    // that is gone is EPIPE, not SIGPIPE.
    sent = ::sendmsg(socket, &header, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  return sent == static_cast<ssize_t>(text.size());
}

// What a server is started from: the command and its environment without
// the variables that change from case to case.
std::vector<std::string> key_of(const Launch& launch) {
  std::vector<std::string> key = launch.argv;
  key.emplace_back();
  for (const std::string& entry : launch.env) {
    if (!entry.starts_with(report_variable) &&
        !entry.starts_with(fault_variable)) {
      key.push_back(entry);
    }
  }
  return key;
}

// This thread's server, and what it was started from.
struct ThreadServer {
  std::vector<std::string> key;
  std::unique_ptr<Server> server;
  bool refused = false;  // the command did not become a server
};

// Each worker thread keeps its own server between cases.
ThreadServer& this_threads_server() {
  thread_local ThreadServer server;
  return server;
}

}  // namespace

Ended launch_forked(const Launch& launch, const std::string& report_dir,
                    const std::string& fault) {
  ThreadServer& current = this_threads_server();
  std::vector<std::string> key = key_of(launch);
  if (key != current.key || (current.server && current.server->broken())) {
    current.server.reset();
    current.refused = false;
    current.key = std::move(key);
  }
  if (!current.server && !current.refused) {
    current.server = start_server(launch);
    current.refused = current.server == nullptr;
  }
  if (!current.server) {
    return launch_and_wait(launch);
  }
  Server& server = *current.server;
  Ended ended;
  std::array<int, 2> ends{};
  // SAFETY: ends has room for the two descriptors; both are close-on-exec.
  if (::pipe2(ends.data(), O_CLOEXEC) != 0) {
    ended.spawn_error = errno;
    return ended;
  }
  bool sent = false;
  {
    const Descriptor writer(ends[1]);
    // SAFETY: a fixed path, close-on-exec; SCM_RIGHTS gives the server its
    // own copy, as it does of our stdout.
    const Descriptor null(
        launch.show_stdout ? -1 : ::open("/dev/null", O_WRONLY | O_CLOEXEC));
    const int out = launch.show_stdout ? STDOUT_FILENO : null.get();
    sent = out >= 0 &&
           send_case(server.socket(), report_dir, fault, out, writer.get());
  }
  const auto started = sent ? receive(server.socket(), -1) : std::nullopt;
  if (!started || started->kind != protocol::Kind::started) {
    const Descriptor unread(ends[0]);
    if (!started || started->kind != protocol::Kind::not_started) {
      // The server is gone: this case and later ones are executed.
      current.server.reset();
      current.refused = true;
      return launch_and_wait(launch);
    }
    ended.spawn_error = started->value;
    return ended;
  }
  ServerEnd end(server);
  return watch_program(launch, started->value, ends[0], end);
}

}  // namespace ffikit::faultrun
