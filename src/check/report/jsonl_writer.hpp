// Internal: the report's JSON lines, written without allocating, so that
// the preload library can write a report from _exit in a signal handler.
// Any Sink with `void put(std::string_view)` receives the text. The format
// is documented in docs/checker.md ("The report"); report.cpp reads it.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/event.hpp"
#include "ffikit/check/json_writer.hpp"
#include "ffikit/check/ledger.hpp"

namespace ffikit::check::jsonl {

/// Version written in every report's first line.
inline constexpr int version = 1;

template <class Sink>
using Writer = json::Writer<Sink>;

/// {"event":{...}}: one trace entry with every field.
template <class Sink>
void write_event(Sink& sink, const Event& e) {
  Writer<Sink> w(sink);
  w.raw("{\"event\":{");
  w.key("index", true);
  w.unsigned_number(e.index);
  w.key("kind");
  w.string(e.kind == Event::Kind::note ? "note" : "call");
  w.key("symbol");
  w.string(name(e.symbol));
  w.key("path");
  w.string(e.path.view());
  w.key("path_bytes");
  w.unsigned_number(e.path.full_size());
  w.key("dirfd");
  w.number(e.dirfd);
  w.key("flags");
  w.number(e.flags);
  w.key("mode");
  w.unsigned_number(e.mode);
  w.key("fd");
  w.number(e.fd);
  w.key("fd2");
  w.number(e.fd2);
  w.key("address");
  w.unsigned_number(e.address);
  w.key("new_address");
  w.unsigned_number(e.new_address);
  w.key("stream");
  w.unsigned_number(e.stream);
  w.key("length");
  w.unsigned_number(e.length);
  w.key("new_length");
  w.unsigned_number(e.new_length);
  w.key("prot");
  w.number(e.prot);
  w.key("map_flags");
  w.number(e.map_flags);
  w.key("offset");
  w.number(e.offset);
  w.key("file_size");
  w.number(e.file_size);
  w.key("file_mode");
  w.unsigned_number(e.file_mode);
  w.key("file_device");
  w.unsigned_number(e.file_device);
  w.key("file_inode");
  w.unsigned_number(e.file_inode);
  w.key("result");
  w.number(e.result);
  w.key("errno");
  if (const char* error = errno_name(e.error); error != nullptr) {
    w.string(error);
  } else {
    w.number(e.error);
  }
  w.key("injected");
  w.boolean(e.injected);
  w.key("quarantined");
  w.boolean(e.quarantined);
  w.key("range_was_mapped");
  w.boolean(e.range_was_mapped);
  w.key("site");
  w.unsigned_number(e.site);
  w.raw("}}\n");
}

/// {"finding":{...}}.
template <class Sink>
void write_finding(Sink& sink, const Finding& f) {
  Writer<Sink> w(sink);
  w.raw("{\"finding\":{");
  w.key("kind", true);
  w.string(kind_name(f.kind));
  w.key("severity");
  w.string(f.severity == Severity::error ? "error" : "policy");
  w.key("at");
  if (f.at == no_entry) {
    w.raw("null");
  } else {
    w.unsigned_number(f.at);
  }
  w.key("call");
  w.string(name(f.call));
  w.key("origin");
  if (f.origin == no_entry) {
    w.raw("null");
  } else {
    w.unsigned_number(f.origin);
  }
  w.key("symbol");
  w.string(name(f.acquired_by));
  w.key("path");
  w.string(f.path.view());
  w.key("path_bytes");
  w.unsigned_number(f.path.full_size());
  w.key("fd");
  w.number(f.fd);
  w.key("source_fd");
  w.number(f.source_fd);
  w.key("address");
  w.unsigned_number(f.address);
  w.key("length");
  w.unsigned_number(f.length);
  w.key("mapped_length");
  w.unsigned_number(f.mapped_length);
  w.key("stream");
  w.boolean(f.stream);
  w.key("directory");
  w.boolean(f.directory);
  w.key("site");
  w.unsigned_number(f.site);
  w.key("acquired_site");
  w.unsigned_number(f.acquired_site);
  w.key("handle");
  w.unsigned_number(f.handle);
  w.raw("}}\n");
}

/// The first line: who wrote the report and how its watch ended.
/// @p status < 0 means unknown.
template <class Sink>
void write_header(Sink& sink, std::int64_t pid, std::int64_t parent,
                  std::string_view executable, std::string_view ended,
                  int status, std::string_view fault) {
  Writer<Sink> w(sink);
  w.raw("{");
  w.key("ffikit_check_report", true);
  w.number(version);
  w.key("pid");
  w.number(pid);
  w.key("parent");
  w.number(parent);
  w.key("executable");
  w.string(executable);
  w.key("ended");
  w.string(ended);
  w.key("status");
  if (status < 0) {
    w.raw("null");
  } else {
    w.number(status);
  }
  w.key("fault");
  w.string(fault);
  w.raw("}\n");
}

/// {"calls":{"open":3,...}}: the operations called at least once.
template <class Sink, class Counts>
void write_calls(Sink& sink, const Counts& counts) {
  Writer<Sink> w(sink);
  w.raw("{\"calls\":{");
  bool first = true;
  for (const Function function : all_functions) {
    const auto n = counts[static_cast<std::size_t>(function)];
    if (n == 0) {
      continue;
    }
    w.key(name(function), first);
    first = false;
    w.unsigned_number(n);
  }
  w.raw("}}\n");
}

/// {"summary":{...}}: the fault's effect and what did not fit.
template <class Sink>
void write_summary(Sink& sink, bool fired, std::uint64_t injected,
                   std::uint64_t dropped_events, std::uint64_t overflow) {
  Writer<Sink> w(sink);
  w.raw("{\"summary\":{");
  w.key("fault_fired", true);
  w.boolean(fired);
  w.key("injected");
  w.unsigned_number(injected);
  w.key("dropped_events");
  w.unsigned_number(dropped_events);
  w.key("overflow");
  w.unsigned_number(overflow);
  w.raw("}}\n");
}

/// {"module":{...}}: an executable mapping, for call sites.
template <class Sink>
void write_module(Sink& sink, std::uint64_t start, std::uint64_t end,
                  std::uint64_t offset, std::string_view path) {
  Writer<Sink> w(sink);
  w.raw("{\"module\":{");
  w.key("start", true);
  w.unsigned_number(start);
  w.key("end");
  w.unsigned_number(end);
  w.key("offset");
  w.unsigned_number(offset);
  w.key("path");
  w.string(path);
  w.raw("}}\n");
}

/// The last line: a report without it was cut off.
template <class Sink>
void write_end(Sink& sink) {
  sink.put("{\"end\":true}\n");
}

}  // namespace ffikit::check::jsonl
