// Reading a trace file (DIR/PID.N.trace) that a watched process wrote as it
// ran: all that is left of a process that crashed, hung or was killed. The
// bytes come from another process, so every field is checked before it is
// trusted: the header against this build's layout, and each event's
// enumerations, flags and text before its bytes become an Event.
#include <cstddef>
#include <cstring>
#include <limits>

#include "ffikit/check/report.hpp"
#include "report/ring_layout.hpp"

namespace ffikit::check {
namespace {

bool fail(std::string* error, const std::string& why) {
  if (error != nullptr) {
    *error = why;
  }
  return false;
}

// The one-byte fields of an Event that may hold only a few values.
bool valid_bytes(const unsigned char* raw) {
  const auto byte = [&](std::size_t offset) { return raw[offset]; };
  const auto is_bool = [&](std::size_t offset) { return byte(offset) <= 1; };
  return byte(offsetof(Event, kind)) <= 1 &&
         byte(offsetof(Event, function)) < function_count &&
         byte(offsetof(Event, symbol)) < symbol_count &&
         is_bool(offsetof(Event, injected)) &&
         is_bool(offsetof(Event, quarantined)) &&
         is_bool(offsetof(Event, range_was_mapped));
}

}  // namespace

std::optional<ProcessReport> parse_trace_file(
    std::span<const unsigned char> bytes, std::string* error) {
  static_assert(std::is_standard_layout_v<Event>);
  static_assert(std::is_trivially_copyable_v<Event>);
  RingHeader header;
  if (bytes.size() < sizeof header) {
    fail(error, "shorter than a trace header");
    return std::nullopt;
  }
  std::memcpy(&header, bytes.data(), sizeof header);
  constexpr std::string_view magic = "ffikit-trace";
  if (std::string_view(header.magic.data(), magic.size()) != magic ||
      header.magic[magic.size()] != '\0') {
    fail(error, "not a trace file");
    return std::nullopt;
  }
  if (header.version != ring_version || header.event_size != sizeof(Event)) {
    fail(error, "written by another version of the checker");
    return std::nullopt;
  }
  const std::size_t room = (bytes.size() - sizeof header) / sizeof(Event);
  if (header.capacity == 0 || header.capacity > room) {
    fail(error, "its capacity does not fit the file");
    return std::nullopt;
  }
  if (header.pid < 0 || header.pid > std::numeric_limits<int>::max()) {
    fail(error, "its pid is not a process id");
    return std::nullopt;
  }
  ProcessReport out;
  out.pid = static_cast<int>(header.pid);
  out.report.pid = out.pid;
  out.ending = Ending::none;
  const std::uint64_t kept = std::min(header.written, header.capacity);
  out.report.dropped_events = header.written - kept;
  const unsigned char* events = bytes.data() + sizeof header;
  const std::uint64_t oldest = header.written - kept;
  for (std::uint64_t i = oldest; i < header.written; ++i) {
    const unsigned char* raw = events + (i % header.capacity) * sizeof(Event);
    Event e;
    bool valid = valid_bytes(raw);
    if (valid) {
      std::memcpy(&e, raw, sizeof e);
      valid = e.path.well_formed() && e.function == function_of(e.symbol);
    }
    if (!valid && i == oldest && kept == header.capacity) {
      // A full ring writes over its oldest slot: a process killed in the
      // middle of that copy leaves it torn. It is the one event that may
      // be, so it is dropped and counted, and the rest is kept.
      ++out.report.dropped_events;
      continue;
    }
    if (!valid) {
      fail(error, "event " + std::to_string(i) + " is damaged");
      return std::nullopt;
    }
    out.report.trace.push_back(e);
  }
  return out;
}

}  // namespace ffikit::check
