#include "watched_run.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>

#include "ffikit/check/child.hpp"

namespace ffikit::faultrun {
namespace {

std::string asan_options() {
  // g++'s shared ASan runtime refuses to start when another library is
  // preloaded before it; the order is harmless here.
  // SAFETY: getenv before any thread exists.
  const char* given = std::getenv("ASAN_OPTIONS");
  std::string out = given == nullptr ? "" : given;
  return out + (out.empty() ? "" : ":") + "verify_asan_link_order=0";
}

std::string temporary_directory() {
  std::string pattern = "/tmp/ffikit-faultrun-XXXXXX";
  // SAFETY: getenv before any thread exists.
  if (const char* tmp = std::getenv("TMPDIR"); tmp != nullptr && *tmp != '\0') {
    pattern = std::string(tmp) + "/ffikit-faultrun-XXXXXX";
  }
  // SAFETY: a writable template ending in XXXXXX.
  return ::mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
}

// The whole file in one read of its size (a trace file is megabytes).
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in.tellg();
  if (size <= 0) {
    return {};
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  in.read(bytes.data(), size);
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

// Reads DIR/PID.N.report (or, without one, DIR/PID.N.trace) for every
// process the preload library watched, then removes the directory.
void collect_reports(const std::string& dir, RunResult& result) {
  std::map<std::string, bool> stems;  // stem -> has a report
  // SAFETY: a directory this run created; closed below.
  if (DIR* listing = ::opendir(dir.c_str())) {
    // SAFETY: readdir on the stream opened above.
    while (const dirent* entry = ::readdir(listing)) {
      const std::string name = entry->d_name;
      for (const std::string_view suffix : {".report", ".trace"}) {
        if (name.size() > suffix.size() && name.ends_with(suffix)) {
          const std::string stem = name.substr(0, name.size() - suffix.size());
          stems[stem] = stems[stem] || suffix == ".report";
        }
      }
    }
    // SAFETY: the stream opened above, closed once.
    ::closedir(listing);
  }
  for (const auto& [stem, has_report] : stems) {
    const std::string base = dir + "/" + stem;
    std::string why;
    std::optional<check::ProcessReport> report;
    if (has_report) {
      report = check::parse_report(slurp(base + ".report"), &why);
    }
    if (!report) {
      // Killed or crashed before its report: the trace file is all there is.
      const std::string trace = slurp(base + ".trace");
      const auto* bytes = reinterpret_cast<const unsigned char*>(trace.data());
      report = check::parse_trace_file({bytes, trace.size()}, &why);
    }
    if (report) {
      result.processes.push_back(std::move(*report));
    } else {
      result.unreadable.push_back(stem + ": " + why);
    }
    ::unlink((base + ".report").c_str());
    ::unlink((base + ".trace").c_str());
  }
  ::rmdir(dir.c_str());
  // The program's own first image first, then its children by pid.
  std::stable_sort(result.processes.begin(), result.processes.end(),
                   [&](const check::ProcessReport& a,
                       const check::ProcessReport& b) {
                     return (a.pid == result.pid) > (b.pid == result.pid);
                   });
}

}  // namespace

const check::ProcessReport* RunResult::main_report() const noexcept {
  for (const check::ProcessReport& p : processes) {
    if (p.pid == pid) {
      return &p;
    }
  }
  return nullptr;
}

bool RunResult::fault_fired() const noexcept {
  return std::any_of(processes.begin(), processes.end(),
                     [](const auto& p) { return p.report.fault_fired; });
}

std::size_t RunResult::violations() const noexcept {
  std::size_t n = 0;
  for (const check::ProcessReport& p : processes) {
    n += p.report.violations.size();
  }
  return n;
}

std::size_t RunResult::leaks() const noexcept {
  std::size_t n = 0;
  for (const check::ProcessReport& p : processes) {
    n += p.report.leaks.size();
  }
  return n;
}

RunResult run_watched(const Options& options, const std::string& preload,
                      const std::string& program,
                      const std::optional<check::FaultPlan>& fault,
                      bool show_stdout) {
  RunResult result;
  const std::string dir = temporary_directory();
  if (dir.empty()) {
    result.start_error = "cannot create a report directory";
    return result;
  }
  std::vector<std::string> argv;
  if (options.valgrind) {
    argv = {"valgrind", "-q", "--error-exitcode=99"};
  }
  argv.insert(argv.end(), options.command.begin(), options.command.end());
  std::vector<std::string> env = {
      "LD_PRELOAD=" + preload,
      "FFIKIT_CHECK_REPORT=" + dir,
      "FFIKIT_CHECK_PROGRAM=" + program,
      std::string("FFIKIT_CHECK_NESTING=") +
          (options.nesting == check::Nesting::strict ? "strict" : "relaxed"),
      std::string("FFIKIT_CHECK_QUARANTINE=") + (options.quarantine ? "1" : "0"),
      std::string("FFIKIT_CHECK_STRICT=") + (options.strict ? "1" : "0"),
      "ASAN_OPTIONS=" + asan_options()};
  if (fault) {
    env.push_back("FFIKIT_CHECK_FAULT=" + check::format_fault(*fault));
  }
  if (!options.borrowed.empty()) {
    std::string list;
    for (const int fd : options.borrowed) {
      list += (list.empty() ? "" : ",") + std::to_string(fd);
    }
    env.push_back("FFIKIT_CHECK_BORROWED=" + list);
  }
  std::array<int, 2> errors{};
  // SAFETY: errors has room for the two descriptors; both close on exec.
  if (::pipe2(errors.data(), O_CLOEXEC) != 0) {
    ::rmdir(dir.c_str());
    result.start_error = "cannot create a pipe";
    return result;
  }
  // Built before fork: the child only rearranges descriptors and execs.
  std::vector<char*> raw;
  raw.reserve(argv.size() + 1);
  for (std::string& arg : argv) {
    raw.push_back(arg.data());
  }
  raw.push_back(nullptr);
  // SAFETY: the child only rearranges descriptors and the environment and
  // execs; on failure it _exits 127.
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(errors[1], STDERR_FILENO);
    if (!show_stdout) {
      // Close-on-exec: dup2 gives stdout a copy without the flag, and the
      // original goes away at exec instead of leaking into the program.
      const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
      ::dup2(null, STDOUT_FILENO);
    }
    for (const std::string& entry : env) {
      const std::size_t eq = entry.find('=');
      ::setenv(entry.substr(0, eq).c_str(), entry.c_str() + eq + 1, 1);
    }
    ::execvp(raw[0], raw.data());
    ::_exit(127);
  }
  ::close(errors[1]);
  if (pid < 0) {
    ::close(errors[0]);
    ::rmdir(dir.c_str());
    result.start_error = "cannot fork";
    return result;
  }
  result.started = true;
  result.pid = pid;
  // The whole process group is killed at the timeout, so a program that
  // forked cannot leave a grandchild running.
  const check::ChildResult child = check::collect_child(
      pid, errors[0], std::chrono::milliseconds(options.timeout_ms), -pid);
  result.exited = child.exited;
  result.exit_code = child.exit_code;
  result.signal = child.signal;
  result.timed_out = child.timed_out;
  result.errors = child.output;
  collect_reports(dir, result);
  return result;
}

}  // namespace ffikit::faultrun
