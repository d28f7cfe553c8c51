#include "grouping.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include "ffikit/check/trace_format.hpp"

namespace ffikit::faultrun {
namespace {

std::string when_of(const JudgedRun& run) {
  if (!run.input.empty()) {
    return run.input;
  }
  if (run.fault && run.fault->target) {
    return std::string(check::name(*run.fault->target)) + " " +
           std::to_string(run.fault->nth);
  }
  return "the clean run";
}

std::string reproduce_of(const JudgedRun& run,
                         const std::vector<std::string>& prefix,
                         const std::vector<std::string>& command,
                         Results::Mode mode) {
  std::vector<std::string> words = prefix;
  if (mode == Results::Mode::inputs) {
    words.emplace_back("--inputs");
  } else if (run.fault) {
    words.insert(words.end(), {"--fault", check::format_fault(*run.fault)});
  } else {
    words.emplace_back("--trace");
  }
  words.emplace_back("--");
  words.insert(words.end(), command.begin(), command.end());
  return shell_join(words);
}

std::string joined_when(const std::vector<std::string>& when) {
  std::string out;
  for (std::size_t i = 0; i < when.size(); ++i) {
    if (i > 0) {
      out += i + 1 == when.size() ? " or " : ", ";
    }
    out += when[i];
  }
  return out;
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// A finding's group title without the count.
std::string finding_title(const check::Finding& f, const std::string& acquired,
                          const std::string& at) {
  std::string out = check::kind_name(f.kind);
  if (f.origin != check::no_entry || f.acquired_site != 0) {
    out += std::string(" from ") + check::name(f.acquired_by);
    if (!acquired.empty()) {
      out += " at " + acquired;
    }
  }
  if (!at.empty()) {
    out += ", seen at " + at;
  }
  return out;
}

std::string verdict_title(const JudgedRun& run) {
  std::string out = verdict_name(run.verdict);
  if (run.verdict == RunVerdict::crashed) {
    out += ": " + how_it_ended(run.run);
  }
  if (!run.reason.empty()) {
    out += ": " + run.reason;
  }
  return out;
}

}  // namespace

std::string shell_quote(const std::string& word) {
  if (!word.empty() &&
      word.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
          "0123456789_-+=/.,:@%") == std::string::npos) {
    return word;
  }
  std::string out = "'";
  for (const char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string shell_join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    out += (out.empty() ? "" : " ") + shell_quote(w);
  }
  return out;
}

std::vector<std::string> last_calls(const JudgedRun& run) {
  std::vector<std::string> out;
  for (std::size_t p = 0; p < run.run.processes.size(); ++p) {
    const auto& trace = run.run.processes[p].report.trace;
    if (trace.empty()) {
      continue;
    }
    for (const check::Event& e : trace) {
      std::string line = check::format_event(e, false);
      const std::string site = run.where(p, e.site);
      if (!site.empty()) {
        line += " [at " + site + "]";
      }
      out.push_back(std::move(line));
    }
    break;
  }
  return out;
}

std::vector<Group> group_failures(
    const std::vector<JudgedRun>& runs,
    const std::vector<std::string>& reproduce_prefix,
    const std::vector<std::string>& command, Results::Mode mode) {
  std::vector<Group> groups;
  std::map<std::string, std::size_t> index;
  const auto join = [&](const std::string& key, std::size_t run,
                        const auto& make) {
    auto [it, fresh] = index.emplace(key, groups.size());
    if (fresh) {
      groups.push_back(make());
      groups.back().reproduce =
          reproduce_of(runs[run], reproduce_prefix, command, mode);
    }
    Group& g = groups[it->second];
    if (g.runs.empty() || g.runs.back() != run) {
      g.runs.push_back(run);
    }
    const std::string when = when_of(runs[run]);
    if (std::find(g.when.begin(), g.when.end(), when) == g.when.end()) {
      g.when.push_back(when);
    }
  };
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const JudgedRun& run = runs[r];
    bool any_error_finding = false;
    for (std::size_t p = 0; p < run.run.processes.size(); ++p) {
      const check::Report& report = run.run.processes[p].report;
      const auto each = [&](const std::vector<check::Finding>& list,
                            const char* severity) {
        for (const check::Finding& f : list) {
          const std::string acquired = run.where(p, f.acquired_site);
          const std::string at = run.where(p, f.site);
          std::string key = severity;
          for (const std::string_view part :
               {std::string_view(check::kind_name(f.kind)),
                std::string_view(check::name(f.acquired_by)),
                std::string_view(acquired), std::string_view(at)}) {
            key.append("|").append(part);
          }
          join(key, r, [&] {
            Group g;
            g.kind = check::kind_name(f.kind);
            g.severity = severity;
            g.title = finding_title(f, acquired, at);
            g.example = check::describe(f);
            g.acquired_at = acquired;
            g.at = at;
            if (const auto* l = run.location(p, f.acquired_site)) {
              g.acquired_location = *l;
            }
            if (const auto* l = run.location(p, f.site)) {
              g.location = *l;
            }
            return g;
          });
        }
      };
      each(report.violations, "error");
      each(report.leaks, "error");
      each(report.policy, "policy");
      any_error_finding = any_error_finding || !report.violations.empty() ||
                          !report.leaks.empty();
    }
    if (!is_failure(run.verdict) || any_error_finding) {
      continue;
    }
    // A failure without a finding: hidden, unnamed, hung, crashed, ...
    const std::vector<std::string> calls = last_calls(run);
    std::string key =
        std::string(json_name(run.verdict)) + "|" + run.reason + "|" +
        (run.fault && run.fault->target ? check::name(*run.fault->target) : "");
    if (run.verdict == RunVerdict::crashed || run.verdict == RunVerdict::hung) {
      key += "|" + (calls.empty() ? std::string() : calls.back());
    }
    join(key, r, [&] {
      Group g;
      g.kind = json_name(run.verdict);
      g.severity = "error";
      g.title = verdict_title(run);
      g.example = how_it_ended(run.run) +
                  (run.run.errors.empty()
                       ? ""
                       : "; stderr: " + run.run.errors.substr(
                                            0, run.run.errors.find('\n')));
      g.last_calls = calls;
      return g;
    });
  }
  for (Group& g : groups) {
    std::vector<std::string> faults = g.when;
    const auto clean =
        std::find(faults.begin(), faults.end(), std::string("the clean run"));
    const bool without_fault = clean != faults.end();
    if (without_fault) {
      faults.erase(clean);
    }
    std::string when;
    if (mode == Results::Mode::inputs) {
      when = "with " + joined_when(faults);
    } else {
      when = without_fault ? "without a fault" : "";
      if (!faults.empty()) {
        when += std::string(without_fault ? " and " : "") + "when " +
                joined_when(faults) + " fails";
      }
    }
    g.title += ", " + when + ": " + plural(g.runs.size(), "case");
  }
  return groups;
}

}  // namespace ffikit::faultrun
