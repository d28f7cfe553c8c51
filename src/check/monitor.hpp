// Internal: the one watch state of a process, shared by both ways in
// (link-time wrappers and the preload library). Not installed.
//
// Rules every path here keeps, because interposers run wherever the program
// calls them (other threads, signal handlers, a forked child):
// - No allocation after arm(): every table is fixed in size.
// - One lock. A thread marks itself inside the checker *before* it takes the
//   lock, so a signal handler that interrupts it on the same thread passes
//   straight through to libc instead of waiting for a lock it holds.
// - Descriptor releases are applied to the ledger before the real call, so
//   no other thread can be handed the number while the ledger holds it;
//   mapping calls hold the lock across the real call (they do not block).
// - fork: the lock is taken around fork (pthread_atfork), so a child never
//   inherits it held; the child's ledger starts with what it inherited.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "ffikit/check/event.hpp"
#include "ffikit/check/fault.hpp"
#include "ffikit/check/ledger.hpp"
#include "ffikit/check/options.hpp"
#include "ffikit/check/report.hpp"
#include "model/fixed_table.hpp"
#include "report/ring_layout.hpp"

namespace ffikit::check::detail {

/// The libc functions the checker itself calls for its own work (quarantine,
/// releasing what a session parked). Each host defines real_calls():
/// wrap.cpp with __real_*, the preload library with dlsym(RTLD_NEXT).
struct RealCalls {
  int (*close)(int);
  void* (*mmap)(void*, std::size_t, int, int, int, off_t);
  int (*munmap)(void*, std::size_t);
};
const RealCalls& real_calls() noexcept;

/// True while a watch is armed; an atomic read, safe before main and in a
/// signal handler.
bool armed() noexcept;

/// True when a call made from @p site is to be watched: a watch is armed
/// and the call comes from the program, not from code that only serves it
/// (the checker's own: the preload library's coverage runtime writes files
/// at exit; a sanitizer runtime's: g++'s shared UBSan probes memory with
/// pipe(2) and closes it with a raw system call).
bool watching(std::uintptr_t site) noexcept;

/// Declares [@p start, @p end) code whose calls are not the program's (see
/// watching()). At most a few ranges are kept; @return false when full.
bool exclude_code(std::uintptr_t start, std::uintptr_t end) noexcept;

/// Marks the current thread as inside the checker, so that calls the checker
/// itself causes, and calls of a signal handler that interrupts it, pass
/// straight through.
class ReentryGuard {
 public:
  ReentryGuard() noexcept;
  ~ReentryGuard();
  ReentryGuard(const ReentryGuard&) = delete;
  ReentryGuard& operator=(const ReentryGuard&) = delete;
  ReentryGuard(ReentryGuard&&) = delete;
  ReentryGuard& operator=(ReentryGuard&&) = delete;
  /// False when this thread was already inside the checker.
  [[nodiscard]] bool outermost() const noexcept { return outermost_; }

 private:
  bool outermost_;
};

/// A trace of the last N events: a ring over storage the host provides (the
/// preload library puts it in a shared file mapping so that it survives a
/// crash or a kill).
struct TraceRing {
  /// The ring file's header (preload); in-process rings keep one too.
  using Header = RingHeader;
  Header* header = nullptr;
  Event* events = nullptr;

  /// Appends @p event (keeps the last capacity events).
  void push(const Event& event) noexcept;
  /// Events ever written, and how many of them were overwritten.
  [[nodiscard]] std::uint64_t written() const noexcept;
  [[nodiscard]] std::uint64_t dropped() const noexcept;
  /// Calls @p visit with the kept events, oldest first.
  template <class Visit>
  void for_each(Visit&& visit) const {
    const std::uint64_t total = written();
    const std::uint64_t first = total - std::min(total, header->capacity);
    for (std::uint64_t i = first; i < total; ++i) {
      visit(events[i % header->capacity]);
    }
  }
};

/// Events a trace keeps.
inline constexpr std::size_t ring_capacity = 4096;
/// Bytes of a ring with @p capacity events.
constexpr std::size_t ring_bytes(std::size_t capacity) noexcept {
  return sizeof(TraceRing::Header) + capacity * sizeof(Event);
}
/// Formats an empty ring in @p storage (ring_bytes(capacity) bytes).
TraceRing make_ring(void* storage, std::size_t capacity, pid_t pid) noexcept;

/// A page range the checker holds for its own reasons.
struct Range {
  std::uintptr_t address = 0;
  std::size_t length = 0;
};

/// Everything one watch holds. Guarded by the lock (see Locked).
struct State {
  Options options;
  Ledger ledger;
  FaultSchedule schedule;
  TraceRing ring;
  std::size_t next_index = 0;
  pid_t pid = 0;
  FixedArray<Range> quarantined{256};
  std::size_t quarantined_count = 0;
  std::size_t quarantine_limit = static_cast<std::size_t>(-1);
  FixedArray<Range> abandoned{256};
  std::size_t abandoned_count = 0;
  std::size_t dropped_parks = 0;

  State(const Options& o, std::size_t page_size);
};

/// Holds the lock (and marks the thread inside) for as long as it lives.
/// @pre the caller's ReentryGuard is outermost.
class Locked {
 public:
  Locked() noexcept;
  ~Locked();
  Locked(const Locked&) = delete;
  Locked& operator=(const Locked&) = delete;
  Locked(Locked&&) = delete;
  Locked& operator=(Locked&&) = delete;
  /// The state; valid while armed (check armed() after locking).
  State& state() const noexcept;
};

/// Starts a fresh watch: empty trace, ledger and counts; descriptors open
/// now are inherited. @p ring_storage is where the trace lives (nullptr:
/// memory of the checker's own).
void arm(const Options& options, void* ring_storage = nullptr,
         std::size_t ring_events = ring_capacity);
/// Stops counting; what was recorded stays readable.
void disarm() noexcept;

/// Counts a call of @p function and returns the errno to inject, or 0.
int decide(Function function) noexcept;
/// Numbers @p event, applies it to the ledger and appends it to the trace.
void record(Event& event) noexcept;
/// As record(), with the lock already held.
void record_locked(State& state, Event& event) noexcept;
/// First half of a descriptor release (see Ledger::begin_release); numbers
/// @p event.
Ledger::Release begin_release(Event& event) noexcept;
/// Second half: judges @p event's result and appends it to the trace.
void end_release(Event& event, const Ledger::Release& release) noexcept;

/// Records, for every tracked descriptor whose identity is not known yet,
/// which file it is now (one fstat each): done when a watch stops, so that
/// what happens to the numbers afterwards is told apart. An acquisition
/// does not pay for it; a program's own fstat teaches the ledger for free.
void settle_identities() noexcept;
/// Asks the kernel which tracked descriptors are still open; those that are
/// not were released by a call nobody watched. Lock held.
void verify_descriptors(State& state) noexcept;
/// At an exec: every tracked descriptor above 2 without close-on-exec is
/// leaked into the new image. Lock held.
void judge_exec(State& state, const Event& exec) noexcept;

/// Keeps at most @p limit quarantined reservations; older ones are really
/// unmapped as new ones arrive. Unlimited unless set (a Session releases
/// them all when it ends).
void set_quarantine_limit(std::size_t limit) noexcept;
/// Quarantine: replaces [address, +length) with a PROT_NONE reservation
/// and remembers it. Lock held. @return false if the reservation failed.
bool quarantine(State& state, std::uintptr_t address,
                std::size_t length) noexcept;
/// True when [address, +length) lies within quarantined reservations.
bool within_quarantine(const State& state, std::uintptr_t address,
                       std::size_t length) noexcept;
/// Gives back the quarantined reservations overlapping [address, +length),
/// so that the program may map there (MAP_FIXED_NOREPLACE). Lock held.
void lift_quarantine(State& state, std::uintptr_t address,
                     std::size_t length) noexcept;
/// Whether the kernel has any page of [address, +length) mapped. No lock.
bool any_page_mapped(std::uintptr_t address, std::size_t length) noexcept;
/// Remembers a mapping whose munmap failed by injection (still mapped).
/// Lock held.
void park_abandoned(State& state, std::uintptr_t address,
                    std::size_t length) noexcept;

/// A copy of everything recorded (allocates; never from an interposer).
Report snapshot();
/// Really unmaps parked ranges (quarantined and abandoned) except the
/// newest @p keep quarantined ones.
void release_parked(std::size_t keep = 0) noexcept;

/// What a host does in a forked child of an armed watch, after the child's
/// ledger has taken what it inherited (the preload library gives the child
/// its own trace file with replace_ring()). May be nullptr.
using ChildHook = void (*)();
/// Sets the hook the fork handler calls in the child.
void set_child_hook(ChildHook hook) noexcept;
/// Moves the trace to @p storage (ring_bytes(@p events) bytes), empty.
/// Only while no other thread can use the checker (a fork child's hook).
void replace_ring(void* storage, std::size_t events) noexcept;

}  // namespace ffikit::check::detail
