#include "monitor.hpp"

#include <unistd.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <utility>
#include <vector>

#include "ffikit/check/ledger.hpp"

namespace ffikit::check::detail {
namespace {

struct Range {
  std::uintptr_t address;
  std::size_t length;
};

struct State {
  Options options;
  std::vector<Event> trace;
  Ledger ledger;
  FaultSchedule schedule;
  std::deque<Range> quarantined;
  std::vector<Range> abandoned;
};

// Constant-initialized so that interceptors called before any constructor
// (the sanitizer runtimes map memory very early) see "not armed". Global
// because the interceptors are free functions called by the program; each
// is atomic, a mutex or thread-local, so any thread may use them.
// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables)
std::atomic<bool> armed_flag{false};
std::atomic<std::size_t> quarantine_limit{static_cast<std::size_t>(-1)};
std::mutex state_mutex;
thread_local bool inside = false;
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)

State& state() {
  // Never destroyed: interceptors may run during exit, after static
  // destructors. Guarded by state_mutex.
  // NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
  static State* const instance = new State();
  return *instance;
}

std::size_t page_size() {
  // SAFETY: sysconf has no preconditions; _SC_PAGESIZE cannot fail on
  // Linux, so the result is positive.
  return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace

bool armed() noexcept { return armed_flag.load(std::memory_order_acquire); }

ReentryGuard::ReentryGuard() noexcept : outermost_(!inside) { inside = true; }

ReentryGuard::~ReentryGuard() {
  if (outermost_) {
    inside = false;
  }
}

void arm(const Options& options) {
  const ReentryGuard guard;
  {
    const std::lock_guard lock(state_mutex);
    State& s = state();
    s.options = options;
    s.trace.clear();
    s.ledger = Ledger(options.nesting, page_size());
    s.schedule = FaultSchedule(options.fault);
  }
  armed_flag.store(true, std::memory_order_release);
}

void disarm() noexcept { armed_flag.store(false, std::memory_order_release); }

int decide(Function function) noexcept {
  const std::lock_guard lock(state_mutex);
  return state().schedule.decide(function);
}

void record(Event event) {
  const std::lock_guard lock(state_mutex);
  State& s = state();
  event.index = s.trace.size();
  s.ledger.apply(event);
  s.trace.push_back(std::move(event));
}

bool should_quarantine(std::uintptr_t address, std::size_t length) noexcept {
  const std::lock_guard lock(state_mutex);
  const State& s = state();
  return s.options.quarantine && s.ledger.owns_exactly(address, length);
}

void set_quarantine_limit(std::size_t limit) noexcept {
  quarantine_limit.store(limit);
}

void park_quarantined(std::uintptr_t address, std::size_t length) {
  const std::lock_guard lock(state_mutex);
  State& s = state();
  s.quarantined.push_back({address, length});
  while (s.quarantined.size() > quarantine_limit.load()) {
    const Range oldest = s.quarantined.front();
    s.quarantined.pop_front();
    // SAFETY: a PROT_NONE reservation this checker made; nothing may use it.
    // NOLINTNEXTLINE(performance-no-int-to-ptr)
    real_calls().munmap(reinterpret_cast<void*>(oldest.address), oldest.length);
  }
}

void park_abandoned(std::uintptr_t address, std::size_t length) {
  const std::lock_guard lock(state_mutex);
  state().abandoned.push_back({address, length});
}

Report snapshot() {
  const ReentryGuard guard;
  const std::lock_guard lock(state_mutex);
  const State& s = state();
  Report report;
  report.trace = s.trace;
  report.violations = s.ledger.violations();
  report.leaks = s.ledger.leaks();
  for (const Function function : all_functions) {
    report.calls[static_cast<std::size_t>(function)] =
        s.schedule.calls(function);
  }
  report.fault_fired = s.schedule.fired();
  report.injected = s.schedule.injected();
  return report;
}

void release_parked(std::size_t keep) noexcept {
  const ReentryGuard guard;
  const std::lock_guard lock(state_mutex);
  State& s = state();
  const RealCalls& real = real_calls();
  while (s.quarantined.size() > keep) {
    const Range range = s.quarantined.front();
    s.quarantined.pop_front();
    // SAFETY: the range is a PROT_NONE reservation this checker made in
    // place of a mapping the program had already released.
    // NOLINTNEXTLINE(performance-no-int-to-ptr)
    real.munmap(reinterpret_cast<void*>(range.address), range.length);
  }
  for (const Range& range : s.abandoned) {
    // SAFETY: the program released this mapping and was told munmap failed
    // (injected); nobody uses it any more.
    // NOLINTNEXTLINE(performance-no-int-to-ptr)
    real.munmap(reinterpret_cast<void*>(range.address), range.length);
  }
  s.abandoned.clear();
}

}  // namespace ffikit::check::detail
