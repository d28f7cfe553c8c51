// Reading a trace file (the ring a watched process writes as it runs):
// rings laid out as the monitor lays them out (RingHeader, then capacity
// events), wrapped and not, and every way the bytes of another process can
// be damaged, each refused with its reason.
#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ffikit/check/report.hpp"
#include "report/ring_layout.hpp"

namespace ffikit::check {
namespace {

// The offsets of Text's private size and whole length inside an Event,
// found from two texts that differ only there (white box, but no guess).
struct TextLayout {
  std::size_t size = 0;
  std::size_t full_size = 0;
};

TextLayout text_layout() {
  // Built in zeroed storage, so that padding compares equal.
  alignas(Text) std::array<unsigned char, sizeof(Text)> ra{};
  alignas(Text) std::array<unsigned char, sizeof(Text)> rb{};
  new (ra.data()) Text("x");
  new (rb.data()) Text("xy");
  std::vector<std::size_t> differ;
  for (std::size_t i = Text::capacity + 1; i < sizeof(Text); ++i) {
    if (ra[i] != rb[i]) {
      differ.push_back(i);
    }
  }
  EXPECT_EQ(differ.size(), 2U);
  return {offsetof(Event, path) + differ.at(0),
          offsetof(Event, path) + differ.at(1)};
}

// A ring file as the monitor writes it: header, then @p capacity events,
// of which the last min(written, capacity) are kept at index % capacity.
class Ring {
 public:
  Ring(std::size_t capacity, std::uint64_t written, std::int64_t pid = 321)
      : bytes_(sizeof(RingHeader) + capacity * sizeof(Event)) {
    RingHeader header;
    constexpr std::string_view magic = "ffikit-trace";
    std::copy(magic.begin(), magic.end(), header.magic.begin());
    header.version = ring_version;
    header.event_size = sizeof(Event);
    header.capacity = capacity;
    header.written = written;
    header.pid = pid;
    std::memcpy(bytes_.data(), &header, sizeof header);
    for (std::uint64_t i = written - std::min<std::uint64_t>(written, capacity);
         i < written; ++i) {
      Event e;
      e.index = i;
      e.symbol = i % 2 == 0 ? Symbol::openat : Symbol::close;
      e.function = function_of(e.symbol);
      e.path = "/file-" + std::to_string(i);
      e.fd = static_cast<int>(i % 100);
      e.result = 3;
      e.site = 0x400000 + i;
      std::memcpy(event_bytes(i % capacity), &e, sizeof e);
    }
  }

  unsigned char* header_bytes() { return bytes_.data(); }
  unsigned char* event_bytes(std::size_t slot) {
    return bytes_.data() + sizeof(RingHeader) + slot * sizeof(Event);
  }
  std::vector<unsigned char>& bytes() { return bytes_; }

  template <class T>
  void set_header(std::size_t offset, T value) {
    std::memcpy(bytes_.data() + offset, &value, sizeof value);
  }

 private:
  std::vector<unsigned char> bytes_;
};

std::string error_of(std::span<const unsigned char> bytes) {
  std::string error;
  EXPECT_FALSE(parse_trace_file(bytes, &error).has_value());
  return error;
}

TEST(TraceFile, RingNotYetFullIsReadInOrder) {
  Ring ring(8, 5);
  std::string error;
  const std::optional<ProcessReport> read =
      parse_trace_file(ring.bytes(), &error);
  ASSERT_TRUE(read.has_value()) << error;
  EXPECT_EQ(read->pid, 321);
  EXPECT_EQ(read->report.pid, 321);
  EXPECT_EQ(read->ending, Ending::none);
  EXPECT_FALSE(read->complete);
  EXPECT_EQ(read->report.dropped_events, 0U);
  ASSERT_EQ(read->report.trace.size(), 5U);
  for (std::size_t i = 0; i < 5; ++i) {
    const Event& e = read->report.trace[i];
    EXPECT_EQ(e.index, i);
    EXPECT_EQ(e.path, "/file-" + std::to_string(i));
    EXPECT_EQ(e.symbol, i % 2 == 0 ? Symbol::openat : Symbol::close);
    EXPECT_EQ(e.site, 0x400000 + i);
  }
  EXPECT_TRUE(read->report.violations.empty());
  EXPECT_TRUE(read->report.leaks.empty());
}

TEST(TraceFile, WrappedRingKeepsTheLastEventsOldestFirst) {
  Ring ring(4, 11);
  const std::optional<ProcessReport> read = parse_trace_file(ring.bytes());
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->report.dropped_events, 7U);
  ASSERT_EQ(read->report.trace.size(), 4U);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(read->report.trace[i].index, 7 + i);
  }
}

TEST(TraceFile, EmptyRingAndFileLongerThanTheRing) {
  Ring ring(4, 0);
  ring.bytes().resize(ring.bytes().size() + 4096);  // a page-rounded file
  const std::optional<ProcessReport> read = parse_trace_file(ring.bytes());
  ASSERT_TRUE(read.has_value());
  EXPECT_TRUE(read->report.trace.empty());
}

TEST(TraceFile, WithoutAnErrorOutParameter) {
  const std::vector<unsigned char> nothing;
  EXPECT_FALSE(parse_trace_file(nothing).has_value());
}

TEST(TraceFile, DamagedHeaders) {
  EXPECT_EQ(error_of({}), "shorter than a trace header");
  {
    Ring ring(2, 1);
    EXPECT_EQ(error_of(std::span(ring.bytes()).first(sizeof(RingHeader) - 1)),
              "shorter than a trace header");
  }
  {
    Ring ring(2, 1);
    ring.header_bytes()[0] = 'F';
    EXPECT_EQ(error_of(ring.bytes()), "not a trace file");
  }
  {
    Ring ring(2, 1);
    ring.header_bytes()[12] = 'X';  // "ffikit-traceX": no terminator
    EXPECT_EQ(error_of(ring.bytes()), "not a trace file");
  }
  {
    Ring ring(2, 1);
    ring.set_header(offsetof(RingHeader, version), ring_version + 1);
    EXPECT_EQ(error_of(ring.bytes()),
              "written by another version of the checker");
  }
  {
    Ring ring(2, 1);
    ring.set_header(offsetof(RingHeader, event_size),
                    static_cast<std::uint32_t>(sizeof(Event) - 8));
    EXPECT_EQ(error_of(ring.bytes()),
              "written by another version of the checker");
  }
  {
    Ring ring(2, 1);
    ring.set_header(offsetof(RingHeader, capacity), std::uint64_t{0});
    EXPECT_EQ(error_of(ring.bytes()), "its capacity does not fit the file");
  }
  {
    Ring ring(2, 1);
    ring.set_header(offsetof(RingHeader, capacity), std::uint64_t{3});
    EXPECT_EQ(error_of(ring.bytes()), "its capacity does not fit the file");
  }
  {
    Ring ring(2, 1);
    ring.set_header(offsetof(RingHeader, capacity), ~std::uint64_t{0});
    EXPECT_EQ(error_of(ring.bytes()), "its capacity does not fit the file");
  }
}

TEST(TraceFile, PidThatIsNotAProcessIdIsRefused) {
  for (const std::int64_t pid : {std::int64_t{-1}, std::int64_t{INT_MAX} + 1,
                                 (std::int64_t{1} << 32) + 5}) {
    Ring ring(2, 1, pid);
    EXPECT_EQ(error_of(ring.bytes()), "its pid is not a process id") << pid;
  }
  Ring ring(2, 1, INT_MAX);
  const std::optional<ProcessReport> read = parse_trace_file(ring.bytes());
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->pid, INT_MAX);
}

// Bytes written over one field of an event.
struct Damage {
  const char* what;
  std::size_t offset;
  std::vector<unsigned char> bytes;
};

template <class T>
std::vector<unsigned char> bytes_of(T value) {
  std::vector<unsigned char> out(sizeof value);
  std::memcpy(out.data(), &value, sizeof value);
  return out;
}

TEST(TraceFile, DamagedEventsAreRefusedNamingTheEvent) {
  const TextLayout text = text_layout();
  const std::vector<Damage> damages = {
      {"kind", offsetof(Event, kind), {2}},
      {"function", offsetof(Event, function), {function_count}},
      {"symbol", offsetof(Event, symbol), {symbol_count}},
      {"function of another symbol",
       offsetof(Event, function),
       {static_cast<unsigned char>(Function::mmap)}},
      {"injected", offsetof(Event, injected), {2}},
      {"quarantined", offsetof(Event, quarantined), {0xff}},
      {"range_was_mapped", offsetof(Event, range_was_mapped), {7}},
      {"text longer than its capacity", text.size,
       bytes_of(static_cast<std::uint16_t>(Text::capacity + 1))},
      // The kept path is "/file-4": its terminator is byte 7.
      {"text without its terminator", offsetof(Event, path) + 7, {'!'}},
      {"text whole length below what is kept", text.full_size,
       bytes_of(std::size_t{3})},
  };
  for (const Damage& damage : damages) {
    Ring ring(4, 6);  // events 2..5 kept, in slots 2, 3, 0 and 1
    std::memcpy(ring.event_bytes(0) + damage.offset, damage.bytes.data(),
                damage.bytes.size());  // slot 0 holds event 4
    EXPECT_EQ(error_of(ring.bytes()), "event 4 is damaged") << damage.what;
  }
}

// A full ring writes over its oldest slot, so a process killed in the
// middle of that copy leaves exactly that event torn: it is dropped and
// counted, and the calls before the kill are still there to read.
TEST(TraceFile, TornOldestEventOfAFullRingIsDroppedAndCounted) {
  Ring ring(4, 6);               // events 2..5 kept, in slots 2, 3, 0 and 1
  const unsigned char torn = 2;  // not an Event::Kind
  std::memcpy(ring.event_bytes(2) + offsetof(Event, kind), &torn, 1);
  std::string why;
  const auto report = parse_trace_file(ring.bytes(), &why);
  ASSERT_TRUE(report.has_value()) << why;
  ASSERT_EQ(report->report.trace.size(), 3U);
  EXPECT_EQ(report->report.trace.front().index, 3U);
  EXPECT_EQ(report->report.dropped_events, 3U);  // 2 overwritten, 1 torn
}

}  // namespace
}  // namespace ffikit::check
