// The preload library's fork server, spoken to directly over its socket
// (ffikit/check/fork_server.hpp): what it does with requests it cannot
// serve, and that it ends whenever its client goes away.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "ffikit/check/fork_server.hpp"
#include "scratch_dir.hpp"

namespace ffikit::check {
namespace {

using testing_support::ScratchDir;
namespace protocol = fork_server;

std::string request(const std::string& reports, const std::string& fault) {
  std::string text = reports;
  text.push_back('\0');
  text += fault;
  text.push_back('\0');
  return text;
}

// A probe started under the preload library as a fork server.
class ServedProbe {
 public:
  // Starts FFIKIT_PROBE @p args with FFIKIT_CHECK_FORK_SERVER set to the
  // socket's number, or to @p socket_text when it is given.
  ServedProbe(const std::vector<std::string>& args, const std::string& reports,
              const std::optional<std::string>& socket_text = std::nullopt) {
    std::array<int, 2> pair{};
    // SAFETY: pair has room for both ends; ours is close-on-exec, the
    // server's is not (it must inherit it).
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET, 0, pair.data()) != 0) {
      ADD_FAILURE() << "socketpair: " << std::strerror(errno);
      return;
    }
    // SAFETY: our own end, just made.
    ::fcntl(pair[0], F_SETFD, FD_CLOEXEC);
    socket_ = pair[0];
    std::vector<std::string> env = {
        std::string("LD_PRELOAD=") + FFIKIT_PRELOAD,
        "FFIKIT_CHECK_REPORT=" + reports,
        std::string("FFIKIT_CHECK_PROGRAM=") + FFIKIT_PROBE,
        std::string(protocol::variable) + "=" +
            socket_text.value_or(std::to_string(pair[1])),
        // g++'s shared ASan runtime would refuse a library preloaded first.
        "ASAN_OPTIONS=verify_asan_link_order=0"};
    // A coverage build's profiles go where this test's go.
    // SAFETY: getenv only reads the environment, which nothing changes.
    if (const char* profile = std::getenv("LLVM_PROFILE_FILE")) {
      env.push_back(std::string("LLVM_PROFILE_FILE=") + profile);
    }
    std::vector<std::string> argv = {FFIKIT_PROBE};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> raw_argv;
    std::vector<char*> raw_env;
    for (std::string& a : argv) {
      raw_argv.push_back(a.data());
    }
    for (std::string& e : env) {
      raw_env.push_back(e.data());
    }
    raw_argv.push_back(nullptr);
    raw_env.push_back(nullptr);
    // SAFETY: both arrays are NULL-terminated and outlive the call.
    const int error = ::posix_spawn(&pid_, FFIKIT_PROBE, nullptr, nullptr,
                                    raw_argv.data(), raw_env.data());
    // SAFETY: the server's end, which only the server keeps.
    ::close(pair[1]);
    if (error != 0) {
      ADD_FAILURE() << "posix_spawn: " << std::strerror(error);
      pid_ = -1;
    }
  }
  ~ServedProbe() {
    hang_up();
    if (pid_ > 0) {
      // SAFETY: our own child, killed if it is still there, reaped once.
      ::kill(pid_, SIGKILL);
      static_cast<void>(reap());
    }
  }
  ServedProbe(const ServedProbe&) = delete;
  ServedProbe& operator=(const ServedProbe&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }

  // The next message, or nothing within 10 s (or when the server is gone).
  std::optional<protocol::Message> next() const {
    pollfd waiting{socket_, POLLIN, 0};
    // SAFETY: one valid pollfd.
    if (::poll(&waiting, 1, 10000) != 1) {
      return std::nullopt;
    }
    protocol::Message message;
    // SAFETY: one datagram into a local struct, within its size.
    if (::recv(socket_, &message, sizeof message, 0) !=
        static_cast<ssize_t>(sizeof message)) {
      return std::nullopt;
    }
    return message;
  }

  // Sends @p text with @p fds attached (none, or up to three).
  void send(const std::string& text, const std::vector<int>& fds) const {
    iovec part{const_cast<char*>(text.data()), text.size()};
    alignas(cmsghdr) std::array<char, CMSG_SPACE(3 * sizeof(int))> control{};
    msghdr header{};
    header.msg_iov = &part;
    header.msg_iovlen = 1;
    if (!fds.empty()) {
      header.msg_control = control.data();
      header.msg_controllen = CMSG_SPACE(fds.size() * sizeof(int));
      // SAFETY: control has room for one SCM_RIGHTS message of 3 ints.
      cmsghdr* c = CMSG_FIRSTHDR(&header);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN(fds.size() * sizeof(int));
      std::memcpy(CMSG_DATA(c), fds.data(), fds.size() * sizeof(int));
    }
    // SAFETY: header describes local buffers, within their sizes.
    ASSERT_EQ(::sendmsg(socket_, &header, MSG_NOSIGNAL),
              static_cast<ssize_t>(text.size()))
        << std::strerror(errno);
  }

  // Asks for one case with @p fault (empty: none), its stdout and stderr
  // on /dev/null, and returns what the server answered.
  std::optional<protocol::Message> start_case(const std::string& reports,
                                              const std::string& fault) const {
    // SAFETY: a fixed path; closed below, once the server has its copy.
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    send(request(reports, fault), {null, null});
    ::close(null);
    return next();
  }

  // Hangs up and expects the server to end with status 0 within 10 s.
  void expect_ends_cleanly() {
    hang_up();
    const auto status = reap();
    ASSERT_TRUE(status.has_value()) << "the server did not end";
    EXPECT_TRUE(WIFEXITED(*status));
    EXPECT_EQ(WEXITSTATUS(*status), 0);
  }

  // Closes our end: the server's cue to end.
  void hang_up() {
    if (socket_ >= 0) {
      // SAFETY: our own end, closed once.
      ::close(socket_);
      socket_ = -1;
    }
  }

  // The server's wait status, waiting up to 10 s for it to end.
  std::optional<int> reap() {
    for (int tries = 0; tries < 1000; ++tries) {
      int status = 0;
      // SAFETY: our own child.
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return status;
      }
      ::usleep(10000);
    }
    return std::nullopt;
  }

 private:
  int socket_ = -1;
  pid_t pid_ = -1;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ForkServer, MalformedRequestsAreRefusedAndServingGoesOn) {
  const ScratchDir dir;
  const std::string file = dir.file("input", 100);
  const std::string parents = dir.path("parents");
  const std::string reports = dir.directory("reports");
  ServedProbe server({"show-parent", parents, file}, reports);
  const auto ready = server.next();
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(ready->kind, protocol::Kind::ready);
  EXPECT_EQ(ready->value, server.pid());

  // SAFETY: a fixed path; closed below, once the server has its copies.
  const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(null, 0);
  // No descriptors; three instead of two; a text that is not NUL-ended.
  server.send(request(reports, ""), {});
  server.send(request(reports, ""), {null, null, null});
  server.send("no terminator", {null, null});
  ::close(null);
  for (int i = 0; i < 3; ++i) {
    const auto refused = server.next();
    ASSERT_TRUE(refused.has_value()) << i;
    EXPECT_EQ(refused->kind, protocol::Kind::not_started) << i;
    EXPECT_EQ(refused->value, EINVAL) << i;
  }
  EXPECT_EQ(slurp(parents), "");

  // A good request still gets its case: forked, run to its end, reported.
  // show-parent's one open (of the input; its list is an fopen) fails.
  const auto started = server.start_case(reports, "open:1:EACCES");
  ASSERT_TRUE(started.has_value());
  EXPECT_EQ(started->kind, protocol::Kind::started);
  EXPECT_NE(started->value, server.pid());
  const auto ended = server.next();
  ASSERT_TRUE(ended.has_value());
  EXPECT_EQ(ended->kind, protocol::Kind::ended);
  // The fault reached the case: its open failed, so it exits 1.
  EXPECT_TRUE(WIFEXITED(ended->value));
  EXPECT_EQ(WEXITSTATUS(ended->value), 1);
  EXPECT_EQ(slurp(parents), "parent: probe\n");
  server.expect_ends_cleanly();
}

// The client goes away while a case runs: the server still reaps the case,
// finds nobody to tell, and ends.
TEST(ForkServer, ServerWhoseClientLeftDuringACaseEnds) {
  const ScratchDir dir;
  const std::string file = dir.file("input", 100);
  const std::string reports = dir.directory("reports");
  ServedProbe server({"hang-after-calls", file}, reports);
  ASSERT_TRUE(server.next().has_value());
  const auto started = server.start_case(reports, "");
  ASSERT_TRUE(started.has_value());
  ASSERT_EQ(started->kind, protocol::Kind::started);
  server.hang_up();
  // SAFETY: the case's own process group, which the server made.
  ASSERT_EQ(::kill(-started->value, SIGKILL), 0);
  server.expect_ends_cleanly();
}

// A value that is no descriptor number serves nothing: the program runs
// as if the variable were not there.
TEST(ForkServer, NoDescriptorNumberServesNothing) {
  const ScratchDir dir;
  const std::string file = dir.file("input", 100);
  const std::string parents = dir.path("parents");
  const std::string reports = dir.directory("reports");
  for (const char* text : {"", "x", "3x", "-1"}) {
    ServedProbe server({"show-parent", parents, file}, reports, text);
    const auto status = server.reap();
    ASSERT_TRUE(status.has_value()) << text;
    EXPECT_TRUE(WIFEXITED(*status)) << text;
    EXPECT_EQ(WEXITSTATUS(*status), 0) << text;
  }
  EXPECT_EQ(slurp(parents),
            "parent: other\nparent: other\nparent: other\nparent: other\n");
}

}  // namespace
}  // namespace ffikit::check
