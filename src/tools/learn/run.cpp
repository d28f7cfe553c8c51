#include "run.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace ffikit::learn {

Run run(const std::vector<std::string>& argv,
        const std::filesystem::path& directory) {
  Run result;
  // execvp wants writable strings: give it copies.
  std::vector<std::string> words = argv;
  std::vector<char*> args;
  args.reserve(words.size() + 1);
  for (std::string& word : words) {
    args.push_back(word.data());
  }
  args.push_back(nullptr);
  std::array<int, 2> pipe_fds{-1, -1};
  // SAFETY: pipe_fds has room for the two descriptors pipe2 returns.
  if (::pipe2(pipe_fds.data(), O_CLOEXEC) != 0) {
    result.output =
        std::string("cannot create a pipe: ") + std::strerror(errno);
    return result;
  }
  // SAFETY: this program is single-threaded, so the child may run any code
  // before exec; it only redirects, changes directory and execs.
  const pid_t child = ::fork();
  if (child == 0) {
    // SAFETY: both descriptors are open; dup2 gives stdout and stderr the
    // pipe's write end without close-on-exec.
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    // SAFETY: directory's string is NUL-terminated; args ends with nullptr.
    if ((!directory.empty() && ::chdir(directory.c_str()) != 0) ||
        ::execvp(args[0], args.data()) != 0) {
      const std::string why =
          "cannot run " + argv[0] + ": " + std::strerror(errno) + "\n";
      // SAFETY: writes a buffer this process owns to its own stderr.
      static_cast<void>(::write(STDERR_FILENO, why.data(), why.size()));
    }
    ::_exit(127);
  }
  // SAFETY: the write end belongs to the child now; closing ours lets the
  // read below see end-of-file when the child exits.
  ::close(pipe_fds[1]);
  if (child < 0) {
    result.output = std::string("cannot fork: ") + std::strerror(errno);
    ::close(pipe_fds[0]);
    return result;
  }
  std::array<char, 4096> buffer{};
  while (true) {
    // SAFETY: buffer is writable for its whole size.
    const ssize_t got = ::read(pipe_fds[0], buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      break;
    }
    result.output.append(buffer.data(), static_cast<std::size_t>(got));
  }
  // SAFETY: the read end is ours and closed once.
  ::close(pipe_fds[0]);
  int status = 0;
  // SAFETY: child is this process's own child, waited for once.
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return result;
}

}  // namespace ffikit::learn
