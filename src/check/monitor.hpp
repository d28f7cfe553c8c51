// Internal: the one watch state of a process, shared by both ways in
// (link-time wrappers and the preload library). Not installed.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>

#include "ffikit/check/event.hpp"
#include "ffikit/check/options.hpp"
#include "ffikit/check/report.hpp"

namespace ffikit::check::detail {

/// The libc functions behind the interceptors. Each host defines
/// real_calls(): wrap.cpp with __real_*, preload.cpp with dlsym(RTLD_NEXT).
struct RealCalls {
  int (*close)(int);
  void* (*mmap)(void*, std::size_t, int, int, int, off_t);
  int (*munmap)(void*, std::size_t);
};
const RealCalls& real_calls() noexcept;

/// True while a watch is armed; a relaxed atomic read, safe before main.
bool armed() noexcept;

/// Marks the current thread as inside the checker, so that calls the
/// checker itself causes pass straight through.
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

/// Starts a fresh watch: empty trace, ledger and counts.
void arm(const Options& options);
/// Stops counting; what was recorded stays readable.
void disarm() noexcept;
/// Counts a call and returns the errno to inject, or 0.
int decide(Function function) noexcept;
/// Appends a completed call (or note) and applies it to the ledger.
void record(Event event);
/// True when quarantine is on and [address, +length) is exactly a live
/// mapping, so munmap may replace it with a PROT_NONE reservation.
bool should_quarantine(std::uintptr_t address, std::size_t length) noexcept;
/// Keeps at most @p limit quarantined reservations; older ones are really
/// unmapped as new ones arrive. Unlimited unless set (a Session releases
/// them all when it ends).
void set_quarantine_limit(std::size_t limit) noexcept;
/// Remembers a reservation left by quarantine, to release later.
void park_quarantined(std::uintptr_t address, std::size_t length);
/// Remembers a mapping whose munmap failed by injection (still mapped).
void park_abandoned(std::uintptr_t address, std::size_t length);
/// A copy of everything recorded.
Report snapshot();
/// Really unmaps parked ranges (quarantined and abandoned) except the
/// newest @p keep quarantined ones.
void release_parked(std::size_t keep = 0) noexcept;

}  // namespace ffikit::check::detail
