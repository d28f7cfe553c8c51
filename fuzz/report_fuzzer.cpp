/// @file
/// Fuzz target "report": the checker's report formats, read from bytes
/// another process wrote and written from anything the checker can hold.
/// Every input is read two ways, and used a third if neither accepts it:
///
/// 1. as the text of a JSON-lines report (ffikit::check::parse_report);
/// 2. as the bytes of a trace file (ffikit::check::parse_trace_file);
/// 3. as the recipe of a process report (paths of any bytes, newlines and
///    NUL included, cut paths, any numbers), which is serialized and read
///    back.
///
/// Invariants on every input:
/// - the readers never crash or hang; a refusal says why, and a report's
///   refusal names its line ("line N: ...", N within the text);
/// - whatever a reader accepts, and whatever the recipe builds, serializes
///   to printable ASCII lines that read back to the same report (the same
///   text once more): nothing in a path can add, cut or change a line;
/// - an accepted trace file holds only valid events;
/// - every trace read or built can be fed to a ledger with small tables
///   without crashing it, and the ledger's findings, leaks, describe()
///   texts and the trace text are single printable lines.
///
/// Recipe layout (little-endian, missing bytes read as zero):
///   byte 0      events (% 6), byte 1 findings (% 6), byte 2 modules (% 3)
///   per event   symbol, kind, flags byte, path length (2 bytes, % 320),
///               path bytes, then fd, fd2, address, length, result, errno
///   per finding kind, severity, symbol, path length, path bytes, fd,
///               address, length, at, origin
///   per module  start, end, path length (% 64), path bytes
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ffikit/check/event.hpp"
#include "ffikit/check/ledger.hpp"
#include "ffikit/check/report.hpp"
#include "ffikit/check/symbol.hpp"
#include "ffikit/check/trace_format.hpp"
#include "fuzz_support.hpp"

namespace {

using ffikit::check::Event;
using ffikit::check::Finding;
using ffikit::check::FindingKind;
using ffikit::check::ProcessReport;

constexpr std::string_view target = "report";

bool printable_line(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e) {
      return false;
    }
  }
  return true;
}

// Text of printable ASCII lines, each ending with '\n', @p lines of them.
bool printable_lines(std::string_view text, std::size_t lines) {
  std::size_t count = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos || !printable_line(text.substr(0, end))) {
      return false;
    }
    text.remove_prefix(end + 1);
    ++count;
  }
  return count == lines;
}

// What a refusal of parse_report() must look like.
void check_refusal(std::string_view text, const std::string& error) {
  if (error == "no report header") {
    return;
  }
  ffikit::fuzz::require(error.starts_with("line "), target,
                        "parse_report refused without naming the line", error);
  std::size_t line = 0;
  std::size_t i = 5;
  while (i < error.size() && error[i] >= '0' && error[i] <= '9') {
    line = line * 10 + static_cast<std::size_t>(error[i] - '0');
    ++i;
  }
  std::size_t lines = 1;
  for (const char c : text) {
    lines += c == '\n' ? 1U : 0U;
  }
  ffikit::fuzz::require(line >= 1 && line <= lines &&
                            error.substr(i, 2) == ": " && error.size() > i + 2,
                        target, "parse_report named a line that is not there",
                        error);
}

// serialize() writes printable lines that read back to the same text.
void check_round_trip(const ProcessReport& report, std::string_view origin) {
  const std::string text = ffikit::check::serialize(report);
  std::size_t lines = 0;
  for (const char c : text) {
    lines += c == '\n' ? 1U : 0U;
  }
  ffikit::fuzz::require(printable_lines(text, lines) && lines >= 4, target,
                        "serialize wrote something other than printable lines",
                        origin);
  std::string error;
  const std::optional<ProcessReport> again =
      ffikit::check::parse_report(text, &error);
  if (!again) {
    ffikit::fuzz::broken(target,
                         "serialize wrote a report that does not read back",
                         std::string(origin) + ": " + error);
  }
  ffikit::fuzz::require(again->complete, target,
                        "a serialized report reads back incomplete", origin);
  ffikit::fuzz::require(ffikit::check::serialize(*again) == text, target,
                        "a serialized report reads back different", origin);
}

// Feeds @p trace to a ledger with small tables, as the monitor would.
void check_ledger(std::span<const Event> trace) {
  ffikit::check::LedgerCapacity capacity;
  capacity.descriptors = 64;
  capacity.records = 16;
  capacity.intervals = 8;
  capacity.released_ranges = 4;
  capacity.findings = 8;
  ffikit::check::Options options;
  options.exact_ranges = (trace.size() % 2) == 0;
  options.nesting = (trace.size() % 3) == 0 ? ffikit::check::Nesting::relaxed
                                            : ffikit::check::Nesting::strict;
  ffikit::check::Ledger ledger(options, 4096, capacity);
  for (const Event& e : trace) {
    ledger.apply(e);
  }
  ffikit::fuzz::require(ledger.findings().size() <= capacity.findings, target,
                        "the ledger kept more findings than its table holds");
  std::array<Finding, 4> some{};
  const std::size_t leaks = ledger.leaks(some);
  ffikit::fuzz::require(ledger.leaks().size() == leaks, target,
                        "the ledger counts its leaks two ways");
  for (const Finding& f : ledger.findings()) {
    ffikit::fuzz::require(printable_line(ffikit::check::describe(f)), target,
                          "describe() wrote a byte that is not printable",
                          ffikit::check::describe(f));
  }
  for (std::size_t i = 0; i < std::min(leaks, some.size()); ++i) {
    ffikit::fuzz::require(printable_line(ffikit::check::describe(some[i])),
                          target, "describe() of a leak is not printable",
                          ffikit::check::describe(some[i]));
  }
  ffikit::fuzz::require(
      printable_lines(ffikit::check::format_trace(trace), trace.size()), target,
      "format_trace wrote other than one printable line per event");
  ledger.forked();
  ffikit::fuzz::require(ledger.findings().empty() && ledger.overflow() == 0,
                        target, "a forked ledger kept its parent's findings");
}

// ---- 3: a report built from the bytes ----

class Recipe {
 public:
  Recipe(const std::uint8_t* data, std::size_t size) : input_(data, size) {}

  std::string bytes(std::size_t max) {
    const std::size_t length = input_.take(2) % max;
    std::string out;
    for (std::size_t i = 0; i < length && input_.remaining() > 0; ++i) {
      out += static_cast<char>(input_.take(1));
    }
    return out;
  }
  template <class T>
  T number() {
    return static_cast<T>(input_.take(sizeof(T)));
  }

  ProcessReport build() {
    ProcessReport out;
    const std::size_t events = input_.take(1) % 6;
    const std::size_t findings = input_.take(1) % 6;
    const std::size_t modules = input_.take(1) % 3;
    out.pid = number<int>();
    out.parent = number<int>();
    out.executable = bytes(64);
    out.fault = bytes(32);
    out.ending = static_cast<ffikit::check::Ending>(input_.take(1) % 4);
    if (const int status = number<std::uint8_t>(); status < 200) {
      out.status = status;
    }
    for (std::size_t i = 0; i < events; ++i) {
      Event e;
      e.symbol = static_cast<ffikit::check::Symbol>(
          input_.take(1) % ffikit::check::symbol_count);
      e.function = ffikit::check::function_of(e.symbol);
      const auto flags = static_cast<unsigned>(input_.take(1));
      e.kind = (flags & 1U) != 0 ? Event::Kind::note : Event::Kind::call;
      e.injected = (flags & 2U) != 0;
      e.quarantined = (flags & 4U) != 0;
      e.range_was_mapped = (flags & 8U) != 0;
      e.path = bytes(320);
      e.index = i;
      e.fd = number<int>();
      e.fd2 = number<int>();
      e.address = number<std::uintptr_t>();
      e.length = number<std::size_t>();
      e.result = number<std::intptr_t>();
      e.error = number<int>();
      e.offset = number<std::int64_t>();
      out.report.trace.push_back(e);
    }
    for (std::size_t i = 0; i < findings; ++i) {
      Finding f;
      f.kind = static_cast<FindingKind>(
          input_.take(1) %
          (static_cast<unsigned>(FindingKind::close_of_borrowed) + 1));
      f.severity = input_.take(1) % 2 == 0 ? ffikit::check::Severity::error
                                           : ffikit::check::Severity::policy;
      f.call = static_cast<ffikit::check::Symbol>(input_.take(1) %
                                                  ffikit::check::symbol_count);
      f.path = bytes(320);
      f.fd = number<int>();
      f.address = number<std::uintptr_t>();
      f.length = number<std::size_t>();
      f.at = number<std::size_t>();
      f.origin = number<std::size_t>();
      // Where the reader files it: leaks, else by severity.
      const bool leak = f.kind == FindingKind::leaked_descriptor ||
                        f.kind == FindingKind::leaked_mapping ||
                        f.kind == FindingKind::leaked_stream;
      (leak                                           ? out.report.leaks
       : f.severity == ffikit::check::Severity::error ? out.report.violations
                                                      : out.report.policy)
          .push_back(f);
    }
    for (std::size_t i = 0; i < modules; ++i) {
      ffikit::check::Module m;
      m.start = number<std::uintptr_t>();
      m.end = number<std::uintptr_t>();
      m.path = bytes(64);
      out.modules.push_back(m);
    }
    out.report.calls[input_.take(1) % ffikit::check::function_count] =
        number<std::size_t>();
    out.report.overflow = number<std::size_t>();
    out.report.pid = out.pid;
    return out;
  }

 private:
  ffikit::fuzz::ByteReader input_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  // SAFETY: the fuzzer's bytes, viewed as characters; nothing is written.
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  // 1. The bytes as a report.
  bool accepted = false;
  std::string error;
  if (const std::optional<ProcessReport> report =
          ffikit::check::parse_report(text, &error)) {
    check_round_trip(*report, "a report read from the input");
    check_ledger(report->report.trace);
    accepted = true;
  } else {
    check_refusal(text, error);
  }

  // 2. The bytes as a trace file.
  error.clear();
  if (const std::optional<ProcessReport> trace =
          ffikit::check::parse_trace_file({data, size}, &error)) {
    accepted = true;
    for (const Event& e : trace->report.trace) {
      ffikit::fuzz::require(
          e.path.well_formed() &&
              e.function == ffikit::check::function_of(e.symbol),
          target, "parse_trace_file accepted a damaged event");
    }
    check_round_trip(*trace, "a trace file read from the input");
    check_ledger(trace->report.trace);
  } else {
    ffikit::fuzz::require(!error.empty(), target,
                          "parse_trace_file refused without a reason");
  }

  // 3. The bytes as the recipe of a report, when they were neither (so that
  // each run costs one round trip).
  if (accepted) {
    return 0;
  }
  const ProcessReport built = Recipe(data, size).build();
  check_round_trip(built, "a report built from the input");
  check_ledger(built.report.trace);
  return 0;
}
