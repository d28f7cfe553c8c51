#include "ffikit/check/session.hpp"

#include <cstdio>
#include <cstdlib>

#include "ffikit/check/trace_format.hpp"
#include "monitor.hpp"

namespace ffikit::check {

Session::Session(const Options& options) {
  if (detail::armed()) {
    // Two sessions would share one ledger and fault plan: a test bug.
    static_cast<void>(std::fputs(
        "ffikit-check: a Session is already armed; sessions cannot overlap\n",
        stderr));
    std::abort();
  }
  detail::arm(options);
}

Session::~Session() {
  disarm();
  detail::release_parked();
}

void Session::disarm() noexcept {
  if (armed_) {
    detail::disarm();
    armed_ = false;
  }
}

Report Session::report() const { return detail::snapshot(); }

std::string Session::trace_text(bool show_addresses) const {
  return format_trace(report().trace, show_addresses);
}

void Session::release_leaks() noexcept {
  disarm();
  const detail::ReentryGuard guard;
  const detail::RealCalls& real = detail::real_calls();
  for (const Finding& leak : detail::snapshot().leaks) {
    if (leak.kind == FindingKind::leaked_descriptor) {
      // SAFETY: the ledger saw this descriptor opened and never closed.
      real.close(static_cast<int>(leak.handle));
    } else {
      // Ledger::leaks() reports only descriptors and file mappings.
      // SAFETY: the ledger saw exactly this range mapped and never unmapped.
      // NOLINTNEXTLINE(performance-no-int-to-ptr)
      real.munmap(reinterpret_cast<void*>(leak.handle), leak.length);
    }
  }
}

void note(std::string_view text) {
  if (!detail::armed()) {
    return;
  }
  const detail::ReentryGuard guard;
  Event event;
  event.kind = Event::Kind::note;
  event.path = std::string(text);
  detail::record(std::move(event));
}

}  // namespace ffikit::check
