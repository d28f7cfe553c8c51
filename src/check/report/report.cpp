// The report's JSON lines: serialize() and parse_report().
#include "ffikit/check/report.hpp"

#include <algorithm>

#include "ffikit/check/errno_catalog.hpp"
#include "report/hex.hpp"
#include "report/json.hpp"
#include "report/jsonl_writer.hpp"

namespace ffikit::check {
namespace {

struct StringSink {
  std::string text;
  void put(std::string_view part) { text += part; }
};

std::optional<Ending> ending_from_name(std::string_view text) noexcept {
  for (const Ending ending :
       {Ending::exit, Ending::quick_exit, Ending::exec, Ending::none}) {
    if (text == ending_name(ending)) {
      return ending;
    }
  }
  return std::nullopt;
}

bool is_leak(FindingKind kind) noexcept {
  return kind == FindingKind::leaked_descriptor ||
         kind == FindingKind::leaked_mapping ||
         kind == FindingKind::leaked_stream;
}

std::optional<FindingKind> kind_from_name(std::string_view text) noexcept {
  for (unsigned k = 0;
       k <= static_cast<unsigned>(FindingKind::close_of_borrowed); ++k) {
    const auto kind = static_cast<FindingKind>(k);
    if (text == kind_name(kind)) {
      return kind;
    }
  }
  return std::nullopt;
}

// Reads the members of one line's object into plain fields, failing on a
// member of the wrong type.
class Fields {
 public:
  Fields(const json::Value& object, std::string& error)
      : object_(object), error_(error) {}

  [[nodiscard]] bool ok() const noexcept { return error_.empty(); }

  template <class T>
  void integer(std::string_view key, T& out) {
    const json::Value* v = find(key);
    if (v == nullptr) {
      return;
    }
    if constexpr (std::is_signed_v<T>) {
      const auto value = v->as_int();
      if (!value || *value < std::numeric_limits<T>::min() ||
          *value > std::numeric_limits<T>::max()) {
        wrong(key, "an integer in range");
        return;
      }
      out = static_cast<T>(*value);
    } else {
      const auto value = v->as_unsigned();
      if (!value || *value > std::numeric_limits<T>::max()) {
        wrong(key, "a non-negative integer in range");
        return;
      }
      out = static_cast<T>(*value);
    }
  }

  void entry(std::string_view key, std::size_t& out) {
    const json::Value* v = find(key);
    if (v == nullptr || v->kind == json::Value::Kind::null) {
      out = no_entry;
      return;
    }
    integer(key, out);
  }

  void boolean(std::string_view key, bool& out) {
    const json::Value* v = find(key);
    if (v == nullptr) {
      return;
    }
    if (v->kind != json::Value::Kind::boolean) {
      wrong(key, "true or false");
      return;
    }
    out = v->boolean;
  }

  void string(std::string_view key, std::string& out) {
    const json::Value* v = find(key);
    if (v == nullptr) {
      return;
    }
    if (v->kind != json::Value::Kind::string) {
      wrong(key, "a string");
      return;
    }
    out = v->string;
  }

  // A path and the length it had: a Text that says whether it was cut.
  void text(std::string_view key, Text& out) {
    std::string value;
    string(key, value);
    std::size_t full = value.size();
    integer(std::string(key) + "_bytes", full);
    out.assign(value, full);
  }

  void symbol(std::string_view key, Symbol& out) {
    std::string value;
    string(key, value);
    if (!value.empty()) {
      const auto found = symbol_from_name(value);
      if (!found) {
        wrong(key, "a watched symbol");
        return;
      }
      out = *found;
    }
  }

 private:
  // The member @p key, looked for from where the last one was found: the
  // writer writes every line's members in one order, so each is usually
  // the next one (a whole line is read in one pass, not one per field).
  const json::Value* find(std::string_view key) noexcept {
    const std::size_t n = object_.object.size();
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = (next_ + k) % n;
      if (object_.object[i].name == key) {
        next_ = i + 1;
        return &object_.object[i].value;
      }
    }
    return nullptr;
  }

  void wrong(std::string_view key, std::string_view what) {
    if (error_.empty()) {
      error_ = "\"" + std::string(key) + "\" must be " + std::string(what);
    }
  }

  const json::Value& object_;
  std::string& error_;
  std::size_t next_ = 0;
};

bool read_event(const json::Value& o, Event& e, std::string& error) {
  Fields f(o, error);
  std::string kind = "call";
  f.string("kind", kind);
  if (kind != "call" && kind != "note") {
    error = "\"kind\" must be \"call\" or \"note\"";
    return false;
  }
  e.kind = kind == "note" ? Event::Kind::note : Event::Kind::call;
  f.integer("index", e.index);
  f.symbol("symbol", e.symbol);
  e.function = function_of(e.symbol);
  f.text("path", e.path);
  f.integer("dirfd", e.dirfd);
  f.integer("flags", e.flags);
  f.integer("mode", e.mode);
  f.integer("fd", e.fd);
  f.integer("fd2", e.fd2);
  f.integer("address", e.address);
  f.integer("new_address", e.new_address);
  f.integer("stream", e.stream);
  f.integer("length", e.length);
  f.integer("new_length", e.new_length);
  f.integer("prot", e.prot);
  f.integer("map_flags", e.map_flags);
  f.integer("offset", e.offset);
  f.integer("file_size", e.file_size);
  f.integer("file_mode", e.file_mode);
  f.integer("file_device", e.file_device);
  f.integer("file_inode", e.file_inode);
  f.integer("result", e.result);
  if (const json::Value* v = o.find("errno");
      v != nullptr && v->kind == json::Value::Kind::string) {
    const auto value = errno_from_name(v->string);
    if (!value) {
      error = "\"errno\" must be an errno name or number";
      return false;
    }
    e.error = *value;
  } else {
    f.integer("errno", e.error);
  }
  f.boolean("injected", e.injected);
  f.boolean("quarantined", e.quarantined);
  f.boolean("range_was_mapped", e.range_was_mapped);
  f.integer("site", e.site);
  return f.ok();
}

bool read_finding(const json::Value& o, Finding& out, std::string& error) {
  Fields f(o, error);
  std::string kind;
  f.string("kind", kind);
  const auto found = kind_from_name(kind);
  if (!found) {
    error = "unknown finding kind \"" + kind + "\"";
    return false;
  }
  out.kind = *found;
  std::string severity = "error";
  f.string("severity", severity);
  if (severity != "error" && severity != "policy") {
    error = "\"severity\" must be \"error\" or \"policy\"";
    return false;
  }
  out.severity = severity == "error" ? Severity::error : Severity::policy;
  f.entry("at", out.at);
  f.symbol("call", out.call);
  f.entry("origin", out.origin);
  f.symbol("symbol", out.acquired_by);
  f.text("path", out.path);
  f.integer("fd", out.fd);
  f.integer("source_fd", out.source_fd);
  f.integer("address", out.address);
  f.integer("length", out.length);
  f.integer("mapped_length", out.mapped_length);
  f.boolean("stream", out.stream);
  f.boolean("directory", out.directory);
  f.integer("site", out.site);
  f.integer("acquired_site", out.acquired_site);
  f.integer("handle", out.handle);
  return f.ok();
}

bool read_header(const json::Value& o, ProcessReport& out, std::string& error) {
  const json::Value* version = o.find("ffikit_check_report");
  if (version == nullptr || version->as_int() != jsonl::version) {
    error = "not a version " + std::to_string(jsonl::version) +
            " ffikit-check report";
    return false;
  }
  Fields f(o, error);
  f.integer("pid", out.pid);
  f.integer("parent", out.parent);
  f.string("executable", out.executable);
  std::string ended = ending_name(Ending::none);
  f.string("ended", ended);
  const auto ending = ending_from_name(ended);
  if (!ending) {
    error = R"("ended" must be "exit", "_exit", "exec" or "none")";
    return false;
  }
  out.ending = *ending;
  if (const json::Value* status = o.find("status");
      status != nullptr && status->kind != json::Value::Kind::null) {
    int value = 0;
    f.integer("status", value);
    out.status = value;
  }
  f.string("fault", out.fault);
  out.report.pid = out.pid;
  return f.ok();
}

bool read_calls(const json::Value& o, Report& out, std::string& error) {
  if (o.kind != json::Value::Kind::object) {
    error = "\"calls\" must be an object";
    return false;
  }
  for (const json::Member& member : o.object) {
    const std::string& key = member.name;
    const json::Value& value = member.value;
    const auto function = function_from_name(key);
    const auto count = value.as_unsigned();
    if (!function || !count) {
      error = "\"calls\" member \"" + key + "\" is not an operation count";
      return false;
    }
    out.calls[static_cast<std::size_t>(*function)] =
        static_cast<std::size_t>(*count);
  }
  return true;
}

bool read_line(const json::Value& line, ProcessReport& out, bool& seen_header,
               std::string& error) {
  if (line.kind != json::Value::Kind::object || line.object.empty()) {
    error = "a line must be a JSON object";
    return false;
  }
  if (line.find("ffikit_check_report") != nullptr) {
    if (seen_header) {
      // Two processes' reports are never added together.
      error = "a second report header";
      return false;
    }
    seen_header = true;
    return read_header(line, out, error);
  }
  if (!seen_header) {
    error = "the first line must be the report header";
    return false;
  }
  if (out.complete) {
    error = "text after the end line";
    return false;
  }
  const auto& [key, value] = line.object.front();
  if (key == "end") {
    if (value.kind != json::Value::Kind::boolean || !value.boolean) {
      error = "\"end\" must be true";
      return false;
    }
    out.complete = true;
    return true;
  }
  if (key == "calls") {
    return read_calls(value, out.report, error);
  }
  const bool known =
      key == "event" || key == "finding" || key == "summary" || key == "module";
  if (!known) {
    return true;  // a line kind from a later minor version
  }
  if (value.kind != json::Value::Kind::object) {
    error = "\"" + key + "\" must be an object";
    return false;
  }
  if (key == "event") {
    Event e;
    if (!read_event(value, e, error)) {
      return false;
    }
    out.report.trace.push_back(e);
  } else if (key == "finding") {
    Finding f;
    if (!read_finding(value, f, error)) {
      return false;
    }
    if (is_leak(f.kind)) {
      out.report.leaks.push_back(f);
    } else if (f.severity == Severity::error) {
      out.report.violations.push_back(f);
    } else {
      out.report.policy.push_back(f);
    }
  } else if (key == "summary") {
    Fields f(value, error);
    f.boolean("fault_fired", out.report.fault_fired);
    f.integer("injected", out.report.injected);
    f.integer("dropped_events", out.report.dropped_events);
    f.integer("overflow", out.report.overflow);
    return f.ok();
  } else {  // module
    Module m;
    Fields f(value, error);
    f.integer("start", m.start);
    f.integer("end", m.end);
    f.integer("offset", m.offset);
    f.string("path", m.path);
    out.modules.push_back(std::move(m));
    return f.ok();
  }
  return true;
}

}  // namespace

const char* ending_name(Ending ending) noexcept {
  switch (ending) {
    case Ending::exit:
      return "exit";
    case Ending::quick_exit:
      return "_exit";
    case Ending::exec:
      return "exec";
    case Ending::none:
      return "none";
  }
  return "?";
}

std::string site_text(std::uintptr_t site, const std::vector<Module>& modules) {
  for (const Module& m : modules) {
    if (m.start <= site && site < m.end) {
      return printable(m.path) + "+" + hex(site - m.start + m.offset);
    }
  }
  return hex(site);
}

std::string serialize(const ProcessReport& process) {
  StringSink sink;
  const Report& r = process.report;
  jsonl::write_header(sink, process.pid, process.parent, process.executable,
                      ending_name(process.ending), process.status.value_or(-1),
                      process.fault);
  jsonl::write_calls(sink, r.calls);
  jsonl::write_summary(sink, r.fault_fired, r.injected, r.dropped_events,
                       r.overflow);
  for (const Module& m : process.modules) {
    jsonl::write_module(sink, m.start, m.end, m.offset, m.path);
  }
  for (const auto* list : {&r.violations, &r.policy, &r.leaks}) {
    for (const Finding& f : *list) {
      jsonl::write_finding(sink, f);
    }
  }
  for (const Event& e : r.trace) {
    jsonl::write_event(sink, e);
  }
  jsonl::write_end(sink);
  return std::move(sink.text);
}

std::optional<ProcessReport> parse_report(std::string_view text,
                                          std::string* error) {
  ProcessReport out;
  bool seen_header = false;
  std::size_t number = 0;
  std::string why;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (line.empty()) {
      continue;
    }
    const std::optional<json::Value> value = json::parse(line, why);
    if (!value || !read_line(*value, out, seen_header, why)) {
      if (error != nullptr) {
        *error = "line " + std::to_string(number) + ": " + why;
      }
      return std::nullopt;
    }
  }
  if (!seen_header) {
    if (error != nullptr) {
      *error = "no report header";
    }
    return std::nullopt;
  }
  return out;
}

}  // namespace ffikit::check
