#include "watched_run.hpp"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "ffikit/check/child.hpp"

namespace ffikit::faultrun {
namespace {

// Resolves PROGRAM the way execvp will, so the preload can arm only in it.
std::string program_path(const std::string& program) {
  std::string found = program;
  if (program.find('/') == std::string::npos) {
    // SAFETY: getenv in a single-threaded program.
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path == nullptr ? "/usr/bin:/bin" : path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      const std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
      // SAFETY: a NUL-terminated path; access only checks permissions.
      if (::access(candidate.c_str(), X_OK) == 0) {
        found = candidate;
        break;
      }
    }
  }
  std::array<char, PATH_MAX> buffer{};
  // SAFETY: realpath writes at most PATH_MAX bytes.
  return ::realpath(found.c_str(), buffer.data()) != nullptr ? buffer.data()
                                                             : found;
}

std::string asan_options() {
  // g++'s shared ASan runtime refuses to start when another library is
  // preloaded before it; the order is harmless here.
  // SAFETY: getenv in a single-threaded program.
  const char* given = std::getenv("ASAN_OPTIONS");
  std::string out = given == nullptr ? "" : given;
  return out + (out.empty() ? "" : ":") + "verify_asan_link_order=0";
}

}  // namespace

RunResult run_watched(const Options& options, const std::string& preload,
                      const std::optional<check::FaultPlan>& fault,
                      bool show_stdout) {
  RunResult result;
  std::string report_path = "/tmp/ffikit-faultrun-XXXXXX";
  // SAFETY: getenv in a single-threaded program.
  if (const char* tmp = std::getenv("TMPDIR"); tmp != nullptr && *tmp != '\0') {
    report_path = std::string(tmp) + "/ffikit-faultrun-XXXXXX";
  }
  // SAFETY: a writable template ending in XXXXXX.
  const int report_fd = ::mkstemp(report_path.data());
  if (report_fd < 0) {
    return result;
  }
  ::close(report_fd);

  std::vector<std::string> argv;
  if (options.valgrind) {
    argv = {"valgrind", "-q", "--error-exitcode=99"};
  }
  argv.insert(argv.end(), options.command.begin(), options.command.end());
  std::vector<std::string> env = {
      "LD_PRELOAD=" + preload,
      "FFIKIT_CHECK_REPORT=" + report_path,
      "FFIKIT_CHECK_PROGRAM=" + program_path(options.command.front()),
      std::string("FFIKIT_CHECK_NESTING=") +
          (options.nesting == check::Nesting::strict ? "strict" : "relaxed"),
      std::string("FFIKIT_CHECK_QUARANTINE=") +
          (options.quarantine ? "1" : "0"),
      "ASAN_OPTIONS=" + asan_options()};
  if (fault) {
    env.push_back("FFIKIT_CHECK_FAULT=" + check::format_fault(*fault));
  }

  std::array<int, 2> errors{};
  // SAFETY: errors has room for the two descriptors.
  if (::pipe2(errors.data(), O_CLOEXEC) != 0) {
    ::unlink(report_path.c_str());
    return result;
  }
  // SAFETY: the child only rearranges descriptors and the environment and
  // execs; on failure it _exits.
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(errors[1], STDERR_FILENO);
    if (!show_stdout) {
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, STDOUT_FILENO);
    }
    for (const std::string& entry : env) {
      const std::size_t eq = entry.find('=');
      ::setenv(entry.substr(0, eq).c_str(), entry.c_str() + eq + 1, 1);
    }
    std::vector<char*> raw;
    raw.reserve(argv.size() + 1);
    for (std::string& arg : argv) {
      raw.push_back(arg.data());
    }
    raw.push_back(nullptr);
    ::execvp(raw[0], raw.data());
    ::_exit(127);
  }
  ::close(errors[1]);
  if (pid < 0) {
    ::close(errors[0]);
    ::unlink(report_path.c_str());
    return result;
  }
  result.started = true;
  // The whole process group is killed at the timeout, so a program that
  // forked cannot leave a grandchild running.
  const check::ChildResult child = check::collect_child(
      pid, errors[0], std::chrono::milliseconds(options.timeout_ms), -pid);
  result.exited = child.exited;
  result.exit_code = child.exit_code;
  result.signal = child.signal;
  result.timed_out = child.timed_out;
  result.errors = child.output;
  std::ifstream in(report_path);
  const std::string text((std::istreambuf_iterator<char>(in)),
                         std::istreambuf_iterator<char>());
  result.report = check::parse_report(text);
  ::unlink(report_path.c_str());
  return result;
}

}  // namespace ffikit::faultrun
