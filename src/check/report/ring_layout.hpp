// Internal: the layout of a trace file (DIR/PID.N.trace), shared by the
// writer (monitor.cpp, in the watched process) and the reader
// (report/trace_file.cpp, in ffikit-faultrun). Both come from one build;
// the header says which layout wrote the file so that a mismatch is an
// error, never a misread.
#pragma once

#include <array>
#include <cstdint>

namespace ffikit::check {

/// @cond internal
/// The file starts with this header; `capacity` events follow.
struct RingHeader {
  std::array<char, 16> magic{};  // "ffikit-trace"
  std::uint32_t version = 0;     // ring_version
  std::uint32_t event_size = 0;  // sizeof(Event)
  std::uint64_t capacity = 0;    // events the ring holds
  std::uint64_t written = 0;     // events ever written
  std::int64_t pid = 0;          // the process writing it
};

/// Version of the ring file layout.
inline constexpr std::uint32_t ring_version = 1;
/// @endcond

}  // namespace ffikit::check
