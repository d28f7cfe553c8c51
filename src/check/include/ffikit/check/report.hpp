/// @file
/// What one watched run produced: the trace, the call counts, the findings
/// and what was still held at the end; and the JSON-lines form the preload
/// library writes for each process it watches (@ref checker, "The report").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ffikit/check/event.hpp"
#include "ffikit/check/function.hpp"
#include "ffikit/check/ledger.hpp"

namespace ffikit::check {

/// The result of one watched run (one process).
struct Report {
  /// The last watched calls, in order (at most the trace's capacity; older
  /// ones are counted in dropped_events).
  std::vector<Event> trace;
  std::vector<Finding> violations;  ///< Ownership violations (errors).
  std::vector<Finding> policy;      ///< Policy findings (never failing).
  std::vector<Finding> leaks;       ///< Held when the watch ended.
  std::array<std::size_t, function_count> calls{};  ///< Per operation.
  bool fault_fired = false;        ///< The fault plan injected.
  std::size_t injected = 0;        ///< Calls failed by injection.
  std::size_t dropped_events = 0;  ///< Trace entries no longer kept.
  /// Things that did not fit the checker's fixed tables (findings,
  /// descriptors above its capacity, ...): when not 0, the report is
  /// incomplete and says so.
  std::size_t overflow = 0;
  int pid = 0;  ///< The process watched.

  /// Calls of @p function.
  [[nodiscard]] std::size_t calls_of(Function function) const noexcept {
    return calls[static_cast<std::size_t>(function)];
  }
};

/// An executable file mapping of a watched process: what a call site's
/// address is resolved against.
struct Module {
  std::uintptr_t start = 0;  ///< First address.
  std::uintptr_t end = 0;    ///< One past the last address.
  std::uint64_t offset = 0;  ///< File offset of `start`.
  std::string path;          ///< The mapped file.
};

/// "/usr/bin/cat+0x2a1f" for an address inside @p modules, else its hex.
std::string site_text(std::uintptr_t site, const std::vector<Module>& modules);

/// How a watched process ended its watch.
enum class Ending : unsigned char {
  exit,        ///< exit() or a return from main: the library destructor ran.
  quick_exit,  ///< _exit() or _Exit().
  exec,        ///< A new program image replaced it.
  none,        ///< No summary: killed, crashed, or never finished (the
               ///< trace file is all there is).
};

/// Name of an ending ("exit", "_exit", "exec", "none").
const char* ending_name(Ending ending) noexcept;

/// One process's report as the preload library wrote it.
struct ProcessReport {
  int pid = 0;             ///< The process.
  int parent = 0;          ///< Its parent when the report was written.
  std::string executable;  ///< Its executable (realpath of /proc/self/exe).
  Ending ending = Ending::none;  ///< How the watch ended.
  std::optional<int> status;     ///< _exit's status, when known.
  std::string fault;             ///< The fault plan, "" for none.
  Report report;                 ///< The counts, findings and trace.
  std::vector<Module> modules;   ///< Executable mappings, for call sites.
  /// The report's last line was read: nothing was cut off.
  bool complete = false;
};

/// The JSON-lines form of @p process (the preload library writes the same
/// lines without allocating).
std::string serialize(const ProcessReport& process);

/// Reads what serialize() (or the preload library) wrote: one process's
/// report. Unknown keys are ignored; a line that is not valid JSON, a
/// missing or unsupported version, or a value of the wrong type is an error.
/// @return std::nullopt with @p error set (if given) to what was wrong and
/// on which line.
std::optional<ProcessReport> parse_report(std::string_view text,
                                          std::string* error = nullptr);

/// Reads a trace file, which a watched process writes as it runs (all that
/// is left of one that crashed, hung or was killed): a ProcessReport with
/// Ending::none, its pid and its last events; no counts or findings.
/// @return std::nullopt with @p error set (if given) when the bytes are not
/// a trace file of this build or an event in it is damaged.
std::optional<ProcessReport> parse_trace_file(
    std::span<const unsigned char> bytes, std::string* error = nullptr);

}  // namespace ffikit::check
