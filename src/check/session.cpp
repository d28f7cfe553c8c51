#include "ffikit/check/session.hpp"

#include <dirent.h>

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
    // From here on the test's own calls go unwatched: which file each
    // tracked number is now is what release_leaks() later checks against.
    detail::settle_identities();
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
  // snapshot() asked the kernel which tracked descriptors are still the
  // files the ledger saw opened: one closed, or closed and its number given
  // to another file, is not listed, so nothing here closes a stranger.
  for (const Finding& leak : detail::snapshot().leaks) {
    switch (leak.kind) {
      case FindingKind::leaked_descriptor:
        // SAFETY: the ledger saw this descriptor opened and never closed,
        // and the kernel says it is still that file.
        real.close(static_cast<int>(leak.handle));
        break;
      case FindingKind::leaked_stream:
        if (leak.directory) {
          // SAFETY: a DIR* the ledger saw opened and never closed.
          // NOLINTNEXTLINE(performance-no-int-to-ptr)
          static_cast<void>(::closedir(reinterpret_cast<DIR*>(leak.handle)));
        } else {
          // SAFETY: a FILE* the ledger saw opened and never closed.
          // NOLINTNEXTLINE(performance-no-int-to-ptr)
          static_cast<void>(::fclose(reinterpret_cast<FILE*>(leak.handle)));
        }
        break;
      default:
        // SAFETY: pages the ledger saw mapped and never unmapped.
        // NOLINTNEXTLINE(performance-no-int-to-ptr)
        real.munmap(reinterpret_cast<void*>(leak.handle), leak.length);
        break;
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
  event.path = text;
  detail::record(event);
}

}  // namespace ffikit::check
