// The black-box way in: the checker's core as an LD_PRELOAD library.
//
// Configured only through the environment, read in a constructor (the g++
// ASan runtime calls mmap before environ exists, so nothing is decided
// earlier and nothing is counted until then):
//   FFIKIT_CHECK_REPORT      directory for this process's trace and report
//                            files (report_files.hpp); inert without it
//   FFIKIT_CHECK_PROGRAM     arm only in a process running this executable
//                            (skips shells and launchers such as valgrind's)
//   FFIKIT_CHECK_FAULT       FUNCTION:N:ERRNO[:transient|persistent]
//   FFIKIT_CHECK_NESTING     strict, or relaxed (the default)
//   FFIKIT_CHECK_STRICT      1: exact munmap ranges and strict ownership
//   FFIKIT_CHECK_QUARANTINE  1 to leave released mappings PROT_NONE
//   FFIKIT_CHECK_BORROWED    descriptors the caller lends, "3,4"
//   FFIKIT_CHECK_FORK_SERVER a socket: fork one child per case from here
//                            instead of being executed again for each
//                            (ffikit/check/fork_server.hpp)
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cstdarg>
#include <cstring>
#include <string_view>

#include "ffikit/check/fault.hpp"
#include "ffikit/check/fork_server.hpp"
#include "intercept/interposers.hpp"
#include "intercept/preload/fork_server.hpp"
#include "intercept/preload/report_files.hpp"
#include "intercept/preload/resolve.hpp"

#define FFIKIT_EXPORT __attribute__((visibility("default")))

#if defined(FFIKIT_COVERAGE_BUILD)
// This library's coverage runtime writes its counters at exit(); an exec or
// an _exit() leaves without one, so the counters are written first, or the
// code that watched them would count as untested.
extern "C" int __llvm_profile_write_file(void);
#endif

namespace ffikit::check::detail {

const RealCalls& real_calls() noexcept {
  static const RealCalls calls{
      preload::next<int (*)(int)>(Symbol::close),
      preload::next<void* (*)(void*, std::size_t, int, int, int, off_t)>(
          Symbol::mmap),
      preload::next<int (*)(void*, std::size_t)>(Symbol::munmap)};
  return calls;
}

}  // namespace ffikit::check::detail

namespace {

using namespace ffikit::check;

bool realpath_into(const char* path, std::array<char, PATH_MAX>& out) {
  // SAFETY: realpath writes at most PATH_MAX bytes into out.
  return ::realpath(path, out.data()) != nullptr;
}

std::vector<int> parse_descriptors(std::string_view text) {
  std::vector<int> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    int fd = -1;
    const auto [end, status] =
        std::from_chars(item.data(), item.data() + item.size(), fd);
    if (status == std::errc{} && end == item.data() + item.size() && fd >= 0) {
      out.push_back(fd);
    }
    text.remove_prefix(comma == std::string_view::npos ? text.size()
                                                       : comma + 1);
  }
  return out;
}

bool flag(const char* name) {
  const char* value = ::getenv(name);
  return value != nullptr && std::string_view(value) == "1";
}

// Code whose calls are not the program's: this library's own (an
// instrumented build's coverage runtime writes its profile from here at
// exit) and a sanitizer runtime's (g++'s shared UBSan probes memory with
// pipe(2) and closes the pipe with a raw system call). Their executable
// segments are passed over by every entry point.
bool serves_the_program(std::string_view path) {
  const std::string_view name = path.substr(path.rfind('/') + 1);
  for (const std::string_view runtime :
       {"libasan.", "libubsan.", "liblsan.", "libtsan.", "libhwasan.",
        "libclang_rt."}) {
    if (name.starts_with(runtime)) {
      return true;
    }
  }
  return false;
}

int exclude_helpers(dl_phdr_info* info, std::size_t /*size*/, void* anchor) {
  const auto own = reinterpret_cast<std::uintptr_t>(anchor);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_LOAD || (segment.p_flags & PF_X) == 0) {
      continue;
    }
    const std::uintptr_t start = info->dlpi_addr + segment.p_vaddr;
    const std::uintptr_t end = start + segment.p_memsz;
    const bool ours = start <= own && own < end;
    if (ours ||
        (info->dlpi_name != nullptr && serves_the_program(info->dlpi_name))) {
      static_cast<void>(detail::exclude_code(start, end));
    }
  }
  return 0;
}

// A forked child gets its own trace file and report.
void give_child_its_own_files() {
  if (void* storage = preload::create_trace_file()) {
    detail::replace_ring(storage, detail::ring_capacity);
  } else {
    detail::disarm();  // nowhere to write: not watched rather than wrong
  }
}

__attribute__((constructor)) void start_watch() {
  // SAFETY: getenv is called from the constructor, after environ exists.
  const char* report = ::getenv("FFIKIT_CHECK_REPORT");
  if (report == nullptr || *report == '\0') {
    return;
  }
  std::array<char, PATH_MAX> self{};
  if (!realpath_into("/proc/self/exe", self)) {
    return;
  }
  if (const char* program = ::getenv("FFIKIT_CHECK_PROGRAM")) {
    std::array<char, PATH_MAX> wanted{};
    if (!realpath_into(program, wanted) ||
        std::strcmp(self.data(), wanted.data()) != 0) {
      return;
    }
  }
  preload::resolve_all();
  // SAFETY: walks the loaded objects' program headers; the callback only
  // reads them.
  ::dl_iterate_phdr(exclude_helpers, reinterpret_cast<void*>(&exclude_helpers));
  if (const char* server = ::getenv(fork_server::variable)) {
    // Returns only in a child forked for one case, with that case's report
    // directory and fault plan in the environment.
    preload::serve_forks(server);
    report = ::getenv("FFIKIT_CHECK_REPORT");
    if (report == nullptr || *report == '\0') {
      return;
    }
  }
  Options options;
  options.nesting = Nesting::relaxed;
  options.exact_ranges = false;
  options.strict_ownership = false;
  const char* fault = ::getenv("FFIKIT_CHECK_FAULT");
  if (fault != nullptr) {
    options.fault = parse_fault(fault);
  }
  if (const char* nesting = ::getenv("FFIKIT_CHECK_NESTING")) {
    options.nesting = std::string_view(nesting) == "strict" ? Nesting::strict
                                                            : Nesting::relaxed;
  }
  if (flag("FFIKIT_CHECK_STRICT")) {
    options.exact_ranges = true;
    options.strict_ownership = true;
  }
  options.quarantine = flag("FFIKIT_CHECK_QUARANTINE");
  if (const char* borrowed = ::getenv("FFIKIT_CHECK_BORROWED")) {
    options.borrowed = parse_descriptors(borrowed);
  }
  if (!preload::set_report_place(report, self.data(),
                                 fault != nullptr ? fault : "")) {
    return;
  }
  void* ring = preload::create_trace_file();
  if (ring == nullptr) {
    return;
  }
  detail::set_child_hook(give_child_its_own_files);
  detail::set_quarantine_limit(256);
  detail::arm(options, ring, detail::ring_capacity);
}

__attribute__((destructor)) void finish_watch() {
  if (!detail::armed()) {
    return;
  }
  const detail::ReentryGuard guard;
  if (!guard.outermost()) {
    return;
  }
  const detail::Locked lock;
  if (detail::armed()) {
    detail::disarm();
    preload::write_report(lock.state(), Ending::exit, -1);
  }
}

void write_coverage_counters() {
#if defined(FFIKIT_COVERAGE_BUILD)
  static_cast<void>(__llvm_profile_write_file());
#endif
}

// ---- the process-level rows (exec, _exit, vfork) ----

// An exec replaces the image: the report is written first, with every
// tracked descriptor that would survive into the new image; if the exec
// fails, that report is withdrawn and the watch goes on.
template <class Exec>
int watch_exec(Symbol symbol, std::uintptr_t site, const char* path, int fd,
               Exec&& exec) {
  const detail::ReentryGuard guard;
  if (!guard.outermost() || !detail::armed()) {
    return exec();
  }
  Event event = detail::call_event(symbol, site);
  event.path = path;
  event.fd = fd;
  if (const int error = detail::decide(Function::exec)) {
    event.result = -1;
    event.error = error;
    event.injected = true;
    detail::record(event);
    errno = error;
    return -1;
  }
  std::size_t findings_before = 0;
  {
    const detail::Locked lock;
    if (detail::armed()) {
      findings_before = lock.state().ledger.findings().size();
      detail::record_locked(lock.state(), event);
      detail::judge_exec(lock.state(), event);
      preload::write_report(lock.state(), Ending::exec, -1);
    }
  }
  write_coverage_counters();
  const int result = exec();
  const int saved = errno;
  // Still here: the exec failed, nothing survived into a new image, and
  // the program goes on to a report of its own.
  preload::withdraw_report();
  {
    const detail::Locked lock;
    if (detail::armed()) {
      lock.state().ledger.withdraw_findings(findings_before);
    }
  }
  Event failed = detail::call_event(symbol, site);
  failed.path = path;
  failed.fd = fd;
  failed.result = result;
  failed.error = saved;
  detail::record(failed);
  errno = saved;
  return result;
}

[[noreturn]] void watch_quick_exit(Symbol symbol, std::uintptr_t site,
                                   int status, void (*real)(int)) {
  const detail::ReentryGuard guard;
  if (guard.outermost() && detail::armed()) {
    Event event = detail::call_event(symbol, site);
    event.flags = status;
    const detail::Locked lock;
    if (detail::armed()) {
      detail::record_locked(lock.state(), event);
      detail::disarm();
      preload::write_report(lock.state(), Ending::quick_exit, status & 0xff);
    }
  }
  write_coverage_counters();
  real(status);
  // SAFETY: _exit does not return; the raw system call is the last resort.
  ::syscall(SYS_exit_group, status);
  __builtin_unreachable();
}

// The argument list of execl and its relatives, copied into an array; the
// list ends at a null pointer. More arguments than fit fail with E2BIG.
constexpr std::size_t max_listed_arguments = 4096;
using ArgumentList = std::array<char*, max_listed_arguments + 1>;

bool collect_arguments(const char* first, std::va_list& list,
                       ArgumentList& out) {
  std::size_t n = 0;
  // SAFETY: execl's arguments are C strings; the caller ends them with a
  // null pointer. execv takes char* const[] for C's sake and writes none.
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast)
  out[n++] = const_cast<char*>(first);
  while (out[n - 1] != nullptr) {
    if (n == max_listed_arguments) {
      return false;
    }
    out[n++] = va_arg(list, char*);
  }
  return true;
}

}  // namespace

namespace ffikit::check::detail {

template <class Real>
int on_execve(Real real, std::uintptr_t site, const char* path,
              char* const* argv, char* const* envp) {
  return watch_exec(Symbol::execve, site, path, -1,
                    [&] { return real(path, argv, envp); });
}
template <class Real>
int on_execv(Real real, std::uintptr_t site, const char* path,
             char* const* argv) {
  return watch_exec(Symbol::execv, site, path, -1,
                    [&] { return real(path, argv); });
}
template <class Real>
int on_execvp(Real real, std::uintptr_t site, const char* file,
              char* const* argv) {
  return watch_exec(Symbol::execvp, site, file, -1,
                    [&] { return real(file, argv); });
}
template <class Real>
int on_execvpe(Real real, std::uintptr_t site, const char* file,
               char* const* argv, char* const* envp) {
  return watch_exec(Symbol::execvpe, site, file, -1,
                    [&] { return real(file, argv, envp); });
}
template <class Real>
int on_fexecve(Real real, std::uintptr_t site, int fd, char* const* argv,
               char* const* envp) {
  return watch_exec(Symbol::fexecve, site, "", fd,
                    [&] { return real(fd, argv, envp); });
}
template <class Real>
void on__exit(Real real, std::uintptr_t site, int status) {
  watch_quick_exit(Symbol::_exit, site, status, real);
}
template <class Real>
void on__Exit(Real real, std::uintptr_t site, int status) {
  watch_quick_exit(Symbol::_Exit, site, status, real);
}
/// vfork runs as fork, always: a vfork child shares the parent's memory
/// (and this library's tables) until it execs, and returning from this
/// function in such a child would tear down the frame the parent resumes
/// in. POSIX allows vfork to be fork; the fork handlers then give the child
/// its own watch.
template <class Real>
pid_t on_vfork(Real /*real*/, std::uintptr_t site) {
  const pid_t pid = ::fork();
  const ReentryGuard guard;
  if (pid != 0 && guard.outermost() && armed()) {
    const int saved = errno;
    Event event = call_event(Symbol::vfork, site);
    event.result = pid;
    event.error = pid < 0 ? saved : 0;
    record(event);
    errno = saved;
  }
  return pid;
}

}  // namespace ffikit::check::detail

// NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,cppcoreguidelines-macro-usage,bugprone-macro-parentheses)
#define FFIKIT_ENTRY(result, symbol, parameters)                            \
  extern "C" FFIKIT_EXPORT result ffikit_entry_##symbol parameters __asm__( \
      #symbol);                                                             \
  extern "C" FFIKIT_EXPORT result ffikit_entry_##symbol parameters
#define FFIKIT_REAL(symbol, result, parameters)       \
  ffikit::check::preload::next<result(*) parameters>( \
      ffikit::check::Symbol::symbol)
#define FFIKIT_CALL_preload FFIKIT_DEFINE_ENTRY
#include "intercept/entry_points.inc"

// execl and its relatives: the list becomes an array for execv/execvp/execve.
FFIKIT_ENTRY(int, execl, (const char* path, const char* arg, ...)) {
  ArgumentList argv{};
  std::va_list list;
  va_start(list, arg);
  const bool fits = collect_arguments(arg, list, argv);
  va_end(list);
  if (!fits) {
    errno = E2BIG;
    return -1;
  }
  const auto real = FFIKIT_REAL(execv, int, (const char*, char* const*));
  return watch_exec(ffikit::check::Symbol::execl, FFIKIT_SITE, path, -1,
                    [&] { return real(path, argv.data()); });
}
FFIKIT_ENTRY(int, execlp, (const char* file, const char* arg, ...)) {
  ArgumentList argv{};
  std::va_list list;
  va_start(list, arg);
  const bool fits = collect_arguments(arg, list, argv);
  va_end(list);
  if (!fits) {
    errno = E2BIG;
    return -1;
  }
  const auto real = FFIKIT_REAL(execvp, int, (const char*, char* const*));
  return watch_exec(ffikit::check::Symbol::execlp, FFIKIT_SITE, file, -1,
                    [&] { return real(file, argv.data()); });
}
FFIKIT_ENTRY(int, execle, (const char* path, const char* arg, ...)) {
  ArgumentList argv{};
  std::va_list list;
  va_start(list, arg);
  const bool fits = collect_arguments(arg, list, argv);
  // SAFETY: execle's environment follows the list's null pointer.
  char* const* envp = fits ? va_arg(list, char* const*) : nullptr;
  va_end(list);
  if (!fits) {
    errno = E2BIG;
    return -1;
  }
  const auto real =
      FFIKIT_REAL(execve, int, (const char*, char* const*, char* const*));
  return watch_exec(ffikit::check::Symbol::execle, FFIKIT_SITE, path, -1,
                    [&] { return real(path, argv.data(), envp); });
}
// NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,cppcoreguidelines-macro-usage,bugprone-macro-parentheses)
