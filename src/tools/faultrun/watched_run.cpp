#include "watched_run.hpp"

#include <dirent.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <map>

#include "files.hpp"
#include "fork_server.hpp"
#include "launch.hpp"

namespace ffikit::faultrun {
namespace {

std::string asan_options() {
  // g++'s shared ASan runtime refuses to start when another library is
  // preloaded before it; the order is harmless here.
  // SAFETY: getenv only reads the environment, which nothing changes.
  const char* given = std::getenv("ASAN_OPTIONS");
  std::string out = given == nullptr ? "" : given;
  return out + (out.empty() ? "" : ":") + "verify_asan_link_order=0";
}

// This process's environment without the checker's settings, then ours.
std::vector<std::string> environment(
    const Options& options, const std::string& preload,
    const std::string& program, const std::string& dir,
    const std::optional<check::FaultPlan>& fault) {
  std::vector<std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    if (!text.starts_with("FFIKIT_CHECK_") &&
        !text.starts_with("LD_PRELOAD=") &&
        !text.starts_with("ASAN_OPTIONS=")) {
      env.emplace_back(text);
    }
  }
  env.insert(
      env.end(),
      {"LD_PRELOAD=" + preload, "FFIKIT_CHECK_REPORT=" + dir,
       "FFIKIT_CHECK_PROGRAM=" + program,
       std::string("FFIKIT_CHECK_NESTING=") +
           (options.nesting == check::Nesting::strict ? "strict" : "relaxed"),
       std::string("FFIKIT_CHECK_QUARANTINE=") +
           (options.quarantine ? "1" : "0"),
       std::string("FFIKIT_CHECK_STRICT=") + (options.strict ? "1" : "0"),
       "ASAN_OPTIONS=" + asan_options()});
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
  return env;
}

// The stems (PID.N) of the files in the report directory, and whether each
// has a report.
std::map<std::string, bool> report_stems(const std::string& dir) {
  std::map<std::string, bool> stems;
  // SAFETY: opendir opens close-on-exec; closed below.
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
  return stems;
}

std::optional<check::ProcessReport> read_trace(const std::string& path,
                                               std::string& why) {
  const auto bytes = read_file(path);
  if (!bytes) {
    why = "cannot read " + path;
    return std::nullopt;
  }
  const auto* raw = reinterpret_cast<const unsigned char*>(bytes->data());
  return check::parse_trace_file({raw, bytes->size()}, &why);
}

// Reads DIR/PID.N.report (or, without a readable one, DIR/PID.N.trace) for
// every process the preload library watched, then removes the directory.
void collect_reports(const std::string& dir, RunResult& result,
                     const std::vector<check::Module>& hang_modules,
                     const std::map<pid_t, std::string>& executables) {
  for (const auto& [stem, has_report] : report_stems(dir)) {
    std::string base = dir;
    base.append("/").append(stem);
    std::string why;
    std::optional<check::ProcessReport> report;
    if (has_report) {
      const auto text = read_file(base + ".report");
      if (text) {
        report = check::parse_report(*text, &why);
      }
    }
    if (!report) {
      report = read_trace(base + ".trace", why);
      if (report && report->modules.empty() && report->pid == result.pid) {
        report->modules = hang_modules;
      }
      if (report && report->executable.empty()) {
        const auto known = executables.find(report->pid);
        if (known != executables.end()) {
          report->executable = known->second;
        }
      }
    }
    if (report) {
      result.processes.push_back(std::move(*report));
    } else {
      std::string line = stem;
      line.append(": ").append(why);
      result.unreadable.push_back(std::move(line));
    }
  }
  remove_tree(dir);
  // The program's own first image first, then its children by pid.
  std::stable_sort(
      result.processes.begin(), result.processes.end(),
      [&](const check::ProcessReport& a, const check::ProcessReport& b) {
        return (a.pid == result.pid) > (b.pid == result.pid);
      });
}

// Looks at the trace files while the program runs: true when one process
// spins on the persistent fault.
bool spinning(const std::string& dir, const check::FaultPlan& fault) {
  for (const auto& [stem, has_report] : report_stems(dir)) {
    if (has_report) {
      continue;
    }
    std::string why;
    std::string path = dir;
    path.append("/").append(stem).append(".trace");
    const auto trace = read_trace(path, why);
    if (trace && spins_on_fault(trace->report.trace, fault)) {
      return true;
    }
  }
  return false;
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

const check::ProcessReport* RunResult::faulted_process() const noexcept {
  for (const check::ProcessReport& p : processes) {
    if (p.report.fault_fired ||
        std::any_of(p.report.trace.begin(), p.report.trace.end(),
                    [](const check::Event& e) { return e.injected; })) {
      return &p;
    }
  }
  return nullptr;
}

bool RunResult::fault_fired() const noexcept {
  return faulted_process() != nullptr;
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

RunResult run_watched(const Options& options,
                      const std::vector<std::string>& command,
                      const std::string& preload, const std::string& program,
                      const std::optional<check::FaultPlan>& fault,
                      bool show_stdout) {
  RunResult result;
  const std::string dir = make_temporary_directory("ffikit-faultrun-");
  if (dir.empty()) {
    result.start_error = "cannot create a report directory: " +
                         std::string(::strerrordesc_np(errno));
    return result;
  }
  Launch launch;
  if (options.valgrind) {
    launch.argv = {"valgrind", "-q", "--error-exitcode=99"};
  }
  launch.argv.insert(launch.argv.end(), command.begin(), command.end());
  launch.env = environment(options, preload, program, dir, fault);
  launch.show_stdout = show_stdout;
  launch.timeout = std::chrono::milliseconds(options.timeout_ms);
  launch.grace = std::chrono::milliseconds(options.grace_ms);
  if (fault && fault->persistent) {
    launch.give_up = [&dir, &fault] { return spinning(dir, *fault); };
  }
  // Executed as usual under valgrind (valgrind would serve, not the
  // program) and with --inputs (one run per command: nothing to share).
  const Ended ended =
      options.fork_server && !options.valgrind && !options.inputs
          ? launch_forked(launch, dir, fault ? check::format_fault(*fault) : "")
          : launch_and_wait(launch);
  if (ended.spawn_error != 0) {
    remove_tree(dir);
    result.start_error = "cannot start " + launch.argv.front() + ": " +
                         ::strerrordesc_np(ended.spawn_error);
    return result;
  }
  result.started = true;
  result.pid = ended.pid;
  result.exited = ended.exited;
  result.exit_code = ended.exit_code;
  result.signal = ended.signal;
  result.timed_out = ended.timed_out;
  result.retry_loop = ended.gave_up;
  result.errors = ended.errors;
  result.lingering = ended.lingering;
  result.output_held = ended.output_held && ended.lingering.empty();
  result.blocked_in = describe_blocking(ended.syscall, ended.wchan);
  collect_reports(dir, result, modules_from_maps(ended.maps),
                  ended.executables);
  return result;
}

std::vector<check::Module> modules_from_maps(std::string_view maps) {
  std::vector<check::Module> out;
  while (!maps.empty()) {
    const std::size_t end = maps.find('\n');
    std::string_view line = maps.substr(0, end);
    maps.remove_prefix(end == std::string_view::npos ? maps.size() : end + 1);
    // START-END PERMS OFFSET DEV INODE PATH
    check::Module m;
    const char* p = line.data();
    const char* const stop = line.data() + line.size();
    auto [after_start, e1] = std::from_chars(p, stop, m.start, 16);
    if (e1 != std::errc{} || after_start == stop || *after_start != '-') {
      continue;
    }
    auto [after_end, e2] = std::from_chars(after_start + 1, stop, m.end, 16);
    if (e2 != std::errc{} || stop - after_end < 6) {
      continue;
    }
    const std::string_view perms(after_end + 1, 4);
    if (perms[2] != 'x') {
      continue;
    }
    auto [after_offset, e3] =
        std::from_chars(after_end + 6, stop, m.offset, 16);
    if (e3 != std::errc{}) {
      continue;
    }
    const std::size_t slash =
        line.find('/', static_cast<std::size_t>(after_offset - line.data()));
    if (slash == std::string_view::npos) {
      continue;
    }
    m.path = std::string(line.substr(slash));
    out.push_back(std::move(m));
  }
  return out;
}

bool spins_on_fault(std::span<const check::Event> trace,
                    const check::FaultPlan& fault, std::size_t window) {
  if (window == 0 || trace.size() < window || !fault.target) {
    return false;
  }
  const std::span<const check::Event> last = trace.last(window);
  const check::Event& first = last.front();
  return std::all_of(last.begin(), last.end(), [&](const check::Event& e) {
    return e.kind == check::Event::Kind::call && e.injected &&
           e.function == *fault.target && e.error == fault.error &&
           e.site == first.site && e.fd == first.fd && e.path == first.path;
  });
}

void compact(RunResult& run, bool keep_last_calls, std::size_t keep) {
  for (check::ProcessReport& p : run.processes) {
    auto& trace = p.report.trace;
    const std::size_t kept = keep_last_calls ? std::min(keep, trace.size()) : 0;
    trace.erase(trace.begin(), trace.end() - static_cast<std::ptrdiff_t>(kept));
    trace.shrink_to_fit();
  }
}

}  // namespace ffikit::faultrun
