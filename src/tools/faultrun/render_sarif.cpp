// The SARIF 2.1.0 log (OASIS): one result per group of findings and per
// lint, at its source line when the debug information gave one, so that
// code scanning shows it inline.
#include <map>

#include "ffikit/check/json_writer.hpp"
#include "render.hpp"

namespace ffikit::faultrun {
namespace {

using Writer = check::json::Writer<StreamSink>;

const char* level_of(const std::string& severity) {
  if (severity == "error") {
    return "error";
  }
  return severity == "lint" ? "warning" : "note";
}

// One location object; nothing when @p where says nothing useful.
void location(Writer& w, const SourceLocation& where, const Options& options,
              const char* message, int id) {
  w.raw("{");
  bool first = true;
  if (id >= 0) {
    w.key("id", true);
    w.number(id);
    first = false;
  }
  w.key("physicalLocation", first);
  w.raw("{");
  if (!where.file.empty() && where.line > 0) {
    w.key("artifactLocation", true);
    w.raw("{");
    const bool relative =
        !options.source_root.empty() &&
        path_uri(where.file, options.source_root) != path_uri(where.file);
    w.key("uri", true);
    w.string(path_uri(where.file, relative ? options.source_root : ""));
    if (relative) {
      w.key("uriBaseId");
      w.string("SRCROOT");
    }
    w.raw("}");
    w.key("region");
    w.raw("{");
    w.key("startLine", true);
    w.number(where.line);
    w.raw("}");
  } else {
    w.key("artifactLocation", true);
    w.raw("{");
    w.key("uri", true);
    w.string(path_uri(where.module));
    w.raw("}");
    w.key("address");
    w.raw("{");
    w.key("relativeAddress", true);
    w.unsigned_number(where.module_offset);
    w.key("kind");
    w.string("instruction");
    if (!where.function.empty()) {
      w.key("fullyQualifiedName");
      w.string(where.function);
    }
    w.raw("}");
  }
  w.raw("}");
  if (!where.function.empty()) {
    w.key("logicalLocations");
    w.raw("[{");
    w.key("fullyQualifiedName", true);
    w.string(where.function);
    w.key("kind");
    w.string("function");
    w.raw("}]");
  }
  if (message != nullptr) {
    w.key("message");
    w.raw("{");
    w.key("text", true);
    w.string(message);
    w.raw("}");
  }
  w.raw("}");
}

bool usable(const std::optional<SourceLocation>& where) {
  return where && !where->module.empty();
}

struct Item {
  std::string kind;
  std::string severity;
  std::string text;
  std::optional<SourceLocation> at;
  std::optional<SourceLocation> acquired;
  std::size_t cases = 0;
  std::string reproduce;
};

std::vector<Item> items_of(const Results& results) {
  std::vector<Item> items;
  for (const Group& g : results.groups) {
    items.push_back({g.kind, g.severity, g.title + ". e.g. " + g.example,
                     g.location, g.acquired_location, g.runs.size(),
                     g.reproduce});
  }
  for (const Lint& l : results.lints) {
    Item item{
        l.kind,  "lint", l.kind + ": " + l.message, std::nullopt, std::nullopt,
        l.count, ""};
    if (const auto* where = results.runs[l.run].location(l.process, l.site)) {
      item.at = *where;
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace

std::string rule_id(const std::string& kind) {
  std::string out;
  for (const char c : kind) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      out += c;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') {
    out.pop_back();
  }
  return out;
}

std::string path_uri(const std::string& path, const std::string& root) {
  std::string rest = path;
  std::string out;
  if (!root.empty()) {
    const std::string base = root.back() == '/' ? root : root + "/";
    if (!path.starts_with(base)) {
      return path_uri(path);
    }
    rest = path.substr(base.size());
  } else {
    out = "file://";
  }
  static constexpr std::string_view digits = "0123456789ABCDEF";
  for (const char c : rest) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = (byte >= 'a' && byte <= 'z') ||
                       (byte >= 'A' && byte <= 'Z') ||
                       (byte >= '0' && byte <= '9') || byte == '-' ||
                       byte == '.' || byte == '_' || byte == '~' || byte == '/';
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += digits[byte >> 4U];
      out += digits[byte & 0xfU];
    }
  }
  return out;
}

void print_sarif(std::ostream& out, const Results& results,
                 const Options& options) {
  const std::vector<Item> items = items_of(results);
  std::map<std::string, std::size_t> rules;  // id -> index
  std::vector<const Item*> rule_items;
  for (const Item& item : items) {
    if (rules.emplace(rule_id(item.kind), rule_items.size()).second) {
      rule_items.push_back(&item);
    }
  }
  StreamSink sink{out};
  Writer w(sink);
  w.raw("{");
  w.key("$schema", true);
  w.string("https://json.schemastore.org/sarif-2.1.0.json");
  w.key("version");
  w.string("2.1.0");
  w.key("runs");
  w.raw("[{");
  w.key("tool", true);
  w.raw("{");
  w.key("driver", true);
  w.raw("{");
  w.key("name", true);
  w.string("ffikit-faultrun");
  w.key("rules");
  w.raw("[");
  for (std::size_t i = 0; i < rule_items.size(); ++i) {
    const Item& item = *rule_items[i];
    w.raw(i == 0 ? "{" : ",{");
    w.key("id", true);
    w.string(rule_id(item.kind));
    w.key("shortDescription");
    w.raw("{");
    w.key("text", true);
    w.string(item.kind);
    w.raw("}");
    w.key("defaultConfiguration");
    w.raw("{");
    w.key("level", true);
    w.string(level_of(item.severity));
    w.raw("}}");
  }
  w.raw("]}}");
  w.key("invocations");
  w.raw("[{");
  w.key("executionSuccessful", true);
  w.boolean(true);
  w.key("exitCode");
  w.number(results.failed ? 1 : 0);
  w.raw("}]");
  if (!options.source_root.empty()) {
    std::string root = options.source_root;
    if (root.back() != '/') {
      root += '/';
    }
    w.key("originalUriBaseIds");
    w.raw("{");
    w.key("SRCROOT", true);
    w.raw("{");
    w.key("uri", true);
    w.string(path_uri(root));
    w.raw("}}");
  }
  w.key("results");
  w.raw("[");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& item = items[i];
    w.raw(i == 0 ? "{" : ",{");
    w.key("ruleId", true);
    w.string(rule_id(item.kind));
    w.key("ruleIndex");
    w.unsigned_number(rules.at(rule_id(item.kind)));
    w.key("level");
    w.string(level_of(item.severity));
    w.key("message");
    w.raw("{");
    w.key("text", true);
    w.string(item.text);
    w.raw("}");
    // Where it went wrong: the misuse if there is one, else the
    // acquisition (a leak has only that).
    const std::optional<SourceLocation>& primary =
        usable(item.at) ? item.at : item.acquired;
    if (usable(primary)) {
      w.key("locations");
      w.raw("[");
      location(w, *primary, options, nullptr, -1);
      w.raw("]");
    }
    if (usable(item.at) && usable(item.acquired)) {
      w.key("relatedLocations");
      w.raw("[");
      location(w, *item.acquired, options, "acquired here", 1);
      w.raw("]");
    }
    w.key("properties");
    w.raw("{");
    w.key("cases", true);
    w.unsigned_number(item.cases);
    if (!item.reproduce.empty()) {
      w.key("reproduce");
      w.string(item.reproduce);
    }
    w.raw("}}");
  }
  w.raw("]}]}\n");
}

}  // namespace ffikit::faultrun
