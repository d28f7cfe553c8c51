#include "monitor.hpp"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstring>
#include <memory>
#include <vector>

namespace ffikit::check::detail {
namespace {

// Global because the interceptors are free functions called by the program;
// each is atomic, thread-local, or guarded by state_mutex.
// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables)
std::atomic<bool> armed_flag{false};
// Code ranges whose calls are not the program's; written in the preload
// library's constructor, before the program runs, read by any thread.
constexpr std::size_t excluded_capacity = 8;
std::array<std::atomic<std::uintptr_t>, excluded_capacity> excluded_start{};
std::array<std::atomic<std::uintptr_t>, excluded_capacity> excluded_end{};
std::atomic<std::size_t> excluded_count{0};
std::atomic<bool> plan_present{false};
std::atomic<std::size_t> quarantine_limit_setting{static_cast<std::size_t>(-1)};
pthread_mutex_t state_mutex = PTHREAD_MUTEX_INITIALIZER;
// initial-exec: reading it never allocates (a dynamic TLS access may, and a
// signal handler may be the reader).
__attribute__((tls_model("initial-exec"))) thread_local bool inside = false;
// Set by the fork handlers: this thread took the lock for fork.
__attribute__((tls_model("initial-exec"))) thread_local bool locked_for_fork =
    false;
State* current = nullptr;  // guarded by state_mutex; never freed while armed
std::atomic<ChildHook> child_hook{nullptr};
std::atomic<bool> fork_handlers_installed{false};
// Set while a thread waits to fork: other threads hold off taking the lock,
// so that a thread forking among busy ones is not starved of it.
std::atomic<bool> fork_pending{false};
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)

// In-process rings live here (the preload library brings its own).
struct OwnedRing {
  FixedArray<unsigned char> bytes;
  explicit OwnedRing(std::size_t events) : bytes(ring_bytes(events)) {}
};
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
OwnedRing* owned_ring = nullptr;  // guarded by state_mutex

std::size_t page_size() noexcept {
  // SAFETY: sysconf has no preconditions; _SC_PAGESIZE cannot fail on Linux.
  return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// Which file @p fd is; false when it is not open.
bool raw_identity(int fd, std::uint64_t& device,
                  std::uint64_t& inode) noexcept {
  struct stat buffer {};
  // SAFETY: fills buffer, which outlives the call; the descriptor is only
  // looked at.
  if (::syscall(SYS_fstat, fd, &buffer) != 0) {
    return false;
  }
  device = buffer.st_dev;
  inode = buffer.st_ino;
  return true;
}

int raw_getfd(int fd) noexcept {
  // SAFETY: F_GETFD reads the descriptor's flags and changes nothing.
  return static_cast<int>(::syscall(SYS_fcntl, fd, F_GETFD));
}

// Marks every descriptor open now as inherited, from /proc/self/fd.
void inherit_open_descriptors(Ledger& ledger) {
  // SAFETY: a directory stream of our own, closed below; the thread is
  // inside the checker, so the watched calls pass straight through.
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) {
    return;
  }
  const int own = ::dirfd(dir);
  // SAFETY: readdir on the stream opened above.
  while (const dirent* entry = ::readdir(dir)) {
    int fd = -1;
    const char* name = entry->d_name;
    const auto [end, status] =
        std::from_chars(name, name + std::strlen(name), fd);
    if (status == std::errc{} && *end == '\0' && fd != own) {
      ledger.inherit(fd);
    }
  }
  // SAFETY: closes the stream opened above, once.
  static_cast<void>(::closedir(dir));
}

void before_fork() noexcept {
  if (inside) {
    return;  // forking from a handler that interrupted the checker
  }
  inside = true;
  fork_pending.store(true);
  // SAFETY: the process-wide mutex, never destroyed.
  ::pthread_mutex_lock(&state_mutex);
  locked_for_fork = true;
}

void after_fork_parent() noexcept {
  if (locked_for_fork) {
    locked_for_fork = false;
    fork_pending.store(false);
    // SAFETY: locked in before_fork() by this thread.
    ::pthread_mutex_unlock(&state_mutex);
    inside = false;
  }
}

void after_fork_child() noexcept {
  const bool consistent = locked_for_fork;
  locked_for_fork = false;
  fork_pending.store(false);
  // The only thread left; the mutex may have been copied locked.
  // SAFETY: re-initialising a mutex nobody else can hold.
  ::pthread_mutex_init(&state_mutex, nullptr);
  inside = false;
  if (!armed_flag.load(std::memory_order_acquire) || current == nullptr) {
    return;
  }
  if (!consistent) {
    // Forked while this thread was inside the checker: the tables may be
    // half updated. The child is not watched rather than judged wrongly.
    armed_flag.store(false, std::memory_order_release);
    return;
  }
  State& s = *current;
  s.ledger.forked();
  s.pid = ::getpid();
  s.next_index = 0;
  s.quarantined_count = 0;  // the parent's reservations are copies here
  s.abandoned_count = 0;
  if (const ChildHook hook = child_hook.load()) {
    // The trace may be a shared file mapping the parent still writes: the
    // host gives the child a trace of its own before anything touches it.
    inside = true;
    hook();
    inside = false;
  } else {
    // The checker's own memory: a private copy in the child.
    s.ring.header->written = 0;
    s.ring.header->pid = s.pid;
  }
}

void install_fork_handlers_once() noexcept;

}  // namespace

void TraceRing::push(const Event& event) noexcept {
  events[header->written % header->capacity] = event;
  ++header->written;
}

std::uint64_t TraceRing::written() const noexcept { return header->written; }

std::uint64_t TraceRing::dropped() const noexcept {
  return header->written - std::min(header->written, header->capacity);
}

TraceRing make_ring(void* storage, std::size_t capacity, pid_t pid) noexcept {
  TraceRing ring;
  // SAFETY: storage holds ring_bytes(capacity) bytes, suitably aligned (a
  // page from mmap or calloc), and is used for nothing else.
  ring.header = new (storage) TraceRing::Header{};
  constexpr std::string_view magic = "ffikit-trace";
  std::copy(magic.begin(), magic.end(), ring.header->magic.begin());
  ring.header->version = ring_version;
  ring.header->event_size = sizeof(Event);
  ring.header->capacity = capacity;
  ring.header->written = 0;
  ring.header->pid = pid;
  ring.events = reinterpret_cast<Event*>(ring.header + 1);
  return ring;
}

State::State(const Options& o, std::size_t page)
    : options(o), ledger(o, page), schedule(o.fault) {}

bool armed() noexcept { return armed_flag.load(std::memory_order_acquire); }

bool watching(std::uintptr_t site) noexcept {
  if (!armed()) {
    return false;
  }
  const std::size_t n = excluded_count.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < n; ++i) {
    if (excluded_start[i].load(std::memory_order_relaxed) <= site &&
        site < excluded_end[i].load(std::memory_order_relaxed)) {
      return false;
    }
  }
  return true;
}

bool exclude_code(std::uintptr_t start, std::uintptr_t end) noexcept {
  const std::size_t n = excluded_count.load();
  if (n == excluded_capacity) {
    return false;
  }
  excluded_start[n].store(start);
  excluded_end[n].store(end);
  excluded_count.store(n + 1, std::memory_order_release);
  return true;
}

ReentryGuard::ReentryGuard() noexcept : outermost_(!inside) { inside = true; }

ReentryGuard::~ReentryGuard() {
  if (outermost_) {
    inside = false;
  }
}

Locked::Locked() noexcept {
  while (fork_pending.load(std::memory_order_relaxed)) {
    // SAFETY: sched_yield has no preconditions.
    ::sched_yield();
  }
  // SAFETY: the process-wide mutex, never destroyed; the thread is marked
  // inside, so a signal handler on it never waits for this lock.
  ::pthread_mutex_lock(&state_mutex);
}

Locked::~Locked() {
  // SAFETY: locked by this object's constructor.
  ::pthread_mutex_unlock(&state_mutex);
}

State& Locked::state() const noexcept { return *current; }

namespace {
void install_fork_handlers_once() noexcept {
  if (!fork_handlers_installed.exchange(true)) {
    // SAFETY: registers three functions of this file; they only touch the
    // checker's own state.
    ::pthread_atfork(before_fork, after_fork_parent, after_fork_child);
  }
}
}  // namespace

void set_child_hook(ChildHook hook) noexcept { child_hook.store(hook); }

void arm(const Options& options, void* ring_storage, std::size_t ring_events) {
  const ReentryGuard guard;
  install_fork_handlers_once();
  auto fresh = std::make_unique<State>(options, page_size());
  std::unique_ptr<OwnedRing> ring;
  if (ring_storage == nullptr) {
    ring = std::make_unique<OwnedRing>(ring_events);
    ring_storage = &ring->bytes[0];
  }
  fresh->pid = ::getpid();
  fresh->ring = make_ring(ring_storage, ring_events, fresh->pid);
  fresh->quarantine_limit = quarantine_limit_setting.load();
  inherit_open_descriptors(fresh->ledger);
  State* old = nullptr;
  OwnedRing* old_ring = nullptr;
  {
    const Locked lock;
    old = current;
    old_ring = owned_ring;
    current = fresh.release();
    owned_ring = ring.release();
    plan_present.store(options.fault.has_value());
    armed_flag.store(true, std::memory_order_release);
  }
  delete old;
  delete old_ring;
}

void disarm() noexcept { armed_flag.store(false, std::memory_order_release); }

void replace_ring(void* storage, std::size_t events) noexcept {
  if (current != nullptr) {
    current->ring = make_ring(storage, events, current->pid);
  }
}

int decide(Function function) noexcept {
  if (!plan_present.load(std::memory_order_relaxed)) {
    return 0;  // counted when recorded
  }
  const Locked lock;
  if (!armed()) {
    return 0;
  }
  return lock.state().schedule.decide(function);
}

void record_locked(State& state, Event& event) noexcept {
  event.index = state.next_index++;
  if (event.kind == Event::Kind::call && !state.options.fault &&
      event.symbol != Symbol::closefrom) {
    static_cast<void>(state.schedule.decide(event.function));
  }
  state.ledger.apply(event);
  state.ring.push(event);
}

void record(Event& event) noexcept {
  const Locked lock;
  if (armed()) {
    record_locked(lock.state(), event);
  }
}

Ledger::Release begin_release(Event& event) noexcept {
  const Locked lock;
  if (!armed()) {
    return {};
  }
  State& s = lock.state();
  event.index = s.next_index++;
  if (!s.options.fault && event.symbol != Symbol::closefrom) {
    static_cast<void>(s.schedule.decide(event.function));
  }
  return s.ledger.begin_release(event);
}

void end_release(Event& event, const Ledger::Release& release) noexcept {
  const Locked lock;
  if (!armed()) {
    return;
  }
  State& s = lock.state();
  s.ledger.end_release(event, release);
  s.ring.push(event);
}

void settle_identities() noexcept {
  const ReentryGuard guard;
  const Locked lock;
  if (current == nullptr) {
    return;
  }
  State& state = *current;
  std::array<int, 512> fds{};
  int from = 0;
  while (true) {
    const std::size_t n = state.ledger.tracked(fds, from);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t device = 0;
      std::uint64_t inode = 0;
      if (!state.ledger.identity_known(fds[i]) &&
          raw_identity(fds[i], device, inode)) {
        state.ledger.set_identity(fds[i], device, inode);
      }
    }
    if (n < fds.size()) {
      return;
    }
    from = fds[n - 1] + 1;
  }
}

void verify_descriptors(State& state) noexcept {
  std::array<int, 512> fds{};
  int from = 0;
  while (true) {
    const std::size_t n = state.ledger.tracked(fds, from);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t device = 0;
      std::uint64_t inode = 0;
      // Closed, or closed and the number given to another file, by a call
      // nobody watched: not this generation's leak.
      if (!raw_identity(fds[i], device, inode) ||
          state.ledger.identity_differs(fds[i], device, inode)) {
        state.ledger.released_unseen(fds[i]);
      }
    }
    if (n < fds.size()) {
      return;
    }
    from = fds[n - 1] + 1;
  }
}

void judge_exec(State& state, const Event& exec) noexcept {
  verify_descriptors(state);
  std::array<int, 512> fds{};
  int from = 3;
  while (true) {
    const std::size_t n = state.ledger.tracked(fds, from);
    for (std::size_t i = 0; i < n; ++i) {
      const int flags = raw_getfd(fds[i]);
      if (flags >= 0 && (flags & FD_CLOEXEC) == 0) {
        state.ledger.leaked_into_exec(fds[i], exec.index, exec.site);
      }
    }
    if (n < fds.size()) {
      return;
    }
    from = fds[n - 1] + 1;
  }
}

void set_quarantine_limit(std::size_t limit) noexcept {
  quarantine_limit_setting.store(limit);
  const ReentryGuard guard;
  const Locked lock;
  if (current != nullptr) {
    current->quarantine_limit = limit;
  }
}

bool quarantine(State& state, std::uintptr_t address,
                std::size_t length) noexcept {
  // SAFETY: the program is releasing this range; MAP_FIXED replaces it
  // atomically with an inaccessible reservation, so nothing else can be
  // placed there while it is parked.
  void* reserved = real_calls().mmap(
      // NOLINTNEXTLINE(performance-no-int-to-ptr)
      reinterpret_cast<void*>(address), length, PROT_NONE,
      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
  if (reserved == MAP_FAILED) {
    return false;
  }
  const std::size_t limit =
      std::min(state.quarantine_limit, state.quarantined.size());
  if (limit == 0) {
    // SAFETY: the reservation made just above.
    real_calls().munmap(reserved, length);
    return true;
  }
  if (state.quarantined_count == limit) {
    const Range oldest = state.quarantined[0];
    // SAFETY: a PROT_NONE reservation this checker made; nothing may use it.
    // NOLINTNEXTLINE(performance-no-int-to-ptr)
    real_calls().munmap(reinterpret_cast<void*>(oldest.address), oldest.length);
    std::copy(&state.quarantined[1],
              &state.quarantined[state.quarantined_count],
              &state.quarantined[0]);
    --state.quarantined_count;
  }
  state.quarantined[state.quarantined_count++] = {address, length};
  return true;
}

bool within_quarantine(const State& state, std::uintptr_t address,
                       std::size_t length) noexcept {
  for (std::size_t i = 0; i < state.quarantined_count; ++i) {
    const Range& r = state.quarantined[i];
    if (r.address <= address && address + length <= r.address + r.length) {
      return true;
    }
  }
  return false;
}

void lift_quarantine(State& state, std::uintptr_t address,
                     std::size_t length) noexcept {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < state.quarantined_count; ++i) {
    const Range r = state.quarantined[i];
    if (r.address < address + length && address < r.address + r.length) {
      // SAFETY: a reservation of the checker's own, given back.
      // NOLINTNEXTLINE(performance-no-int-to-ptr)
      real_calls().munmap(reinterpret_cast<void*>(r.address), r.length);
    } else {
      state.quarantined[kept++] = r;
    }
  }
  state.quarantined_count = kept;
}

bool any_page_mapped(std::uintptr_t address, std::size_t length) noexcept {
  const std::size_t page = page_size();
  const std::uintptr_t start = address & ~(page - 1);
  std::array<unsigned char, 1> residency{};
  // Pages are checked one at a time (mincore fails with ENOMEM if any page
  // of its range is unmapped); a very long range is assumed mapped rather
  // than checked page by page.
  constexpr std::size_t most = 4096;
  const std::size_t pages = (address + length - start + page - 1) / page;
  if (pages > most) {
    return true;
  }
  for (std::size_t i = 0; i < pages; ++i) {
    // SAFETY: mincore only reports residency; a one-byte vector per page.
    // NOLINTNEXTLINE(performance-no-int-to-ptr)
    if (::mincore(reinterpret_cast<void*>(start + i * page), page,
                  residency.data()) == 0) {
      return true;
    }
  }
  return false;
}

void park_abandoned(State& state, std::uintptr_t address,
                    std::size_t length) noexcept {
  if (state.abandoned_count == state.abandoned.size()) {
    ++state.dropped_parks;
    return;
  }
  state.abandoned[state.abandoned_count++] = {address, length};
}

Report snapshot() {
  const ReentryGuard guard;
  const Locked lock;
  Report report;
  if (current == nullptr) {
    return report;
  }
  State& s = *current;
  verify_descriptors(s);
  report.trace.reserve(
      std::min<std::size_t>(s.ring.written(), s.ring.header->capacity));
  s.ring.for_each([&](const Event& e) { report.trace.push_back(e); });
  report.violations = s.ledger.violations();
  report.policy = s.ledger.policy_findings();
  report.leaks = s.ledger.leaks();
  for (const Function function : all_functions) {
    report.calls[static_cast<std::size_t>(function)] =
        s.schedule.calls(function);
  }
  report.fault_fired = s.schedule.fired();
  report.injected = s.schedule.injected();
  report.dropped_events = s.ring.dropped();
  report.overflow = s.ledger.overflow() + s.dropped_parks;
  report.pid = s.pid;
  return report;
}

void release_parked(std::size_t keep) noexcept {
  const ReentryGuard guard;
  const Locked lock;
  if (current == nullptr) {
    return;
  }
  State& s = *current;
  const RealCalls& real = real_calls();
  while (s.quarantined_count > keep) {
    const Range range = s.quarantined[0];
    std::copy(&s.quarantined[1], &s.quarantined[s.quarantined_count],
              &s.quarantined[0]);
    --s.quarantined_count;
    // SAFETY: a PROT_NONE reservation this checker made in place of a
    // mapping the program had already released.
    // NOLINTNEXTLINE(performance-no-int-to-ptr)
    real.munmap(reinterpret_cast<void*>(range.address), range.length);
  }
  for (std::size_t i = 0; i < s.abandoned_count; ++i) {
    // SAFETY: the program released this mapping and was told munmap failed
    // (injected); nobody uses it any more.
    // NOLINTNEXTLINE(performance-no-int-to-ptr)
    real.munmap(reinterpret_cast<void*>(s.abandoned[i].address),
                s.abandoned[i].length);
  }
  s.abandoned_count = 0;
}

}  // namespace ffikit::check::detail
