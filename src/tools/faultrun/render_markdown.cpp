// The markdown report: what a reviewer pastes into a review.
#include <map>
#include <tuple>
#include <vector>

#include "ffikit/check/errno_catalog.hpp"
#include "grouping.hpp"
#include "render.hpp"

namespace ffikit::faultrun {
namespace {

std::string verdict_cell(const JudgedRun& run) {
  std::string out = verdict_name(run.verdict);
  return is_failure(run.verdict) ? "**" + out + "**" : out;
}

void sweep_table(std::ostream& out, const Results& results) {
  // One row per (call, N, errno) in the order the sweep ran them, one
  // column per mode.
  using Key = std::tuple<check::Function, std::size_t, int>;
  std::map<Key, std::size_t> index;
  std::vector<std::pair<const JudgedRun*, const JudgedRun*>> rows;
  for (std::size_t i = 1; i < results.runs.size(); ++i) {
    const JudgedRun& run = results.runs[i];
    if (!run.fault || !run.fault->target) {
      continue;
    }
    const Key key{*run.fault->target, run.fault->nth, run.fault->error};
    const auto [it, fresh] = index.emplace(key, rows.size());
    if (fresh) {
      rows.emplace_back(nullptr, nullptr);
    }
    auto& cell = rows[it->second];
    (run.fault->persistent ? cell.second : cell.first) = &run;
  }
  out << "| call | N | errno | transient | persistent |\n"
      << "| --- | ---: | --- | --- | --- |\n";
  for (const auto& cell : rows) {
    const JudgedRun& any = cell.first != nullptr ? *cell.first : *cell.second;
    const char* error = check::errno_name(any.fault->error);
    out << "| " << check::name(*any.fault->target) << " | " << any.fault->nth
        << " | "
        << (error != nullptr ? error : std::to_string(any.fault->error))
        << " | " << (cell.first != nullptr ? verdict_cell(*cell.first) : "-")
        << " | " << (cell.second != nullptr ? verdict_cell(*cell.second) : "-")
        << " |\n";
  }
}

void inputs_table(std::ostream& out, const Results& results) {
  out << "| input | ended | leaks | violations | verdict | stderr |\n"
      << "| --- | --- | ---: | ---: | --- | --- |\n";
  for (const JudgedRun& run : results.runs) {
    const std::string first =
        run.run.errors.substr(0, run.run.errors.find('\n'));
    out << "| " << markdown_cell(run.input) << " | " << how_it_ended(run.run)
        << " | " << run.run.leaks() << " | " << run.run.violations() << " | "
        << verdict_cell(run) << " | "
        << (first.empty() ? "" : markdown_code(first)) << " |\n";
  }
}

std::string tally(const Results& results) {
  std::map<RunVerdict, std::size_t> counts;
  const std::size_t first = results.mode == Results::Mode::sweep ? 1 : 0;
  for (std::size_t i = first; i < results.runs.size(); ++i) {
    ++counts[results.runs[i].verdict];
  }
  std::string out = std::to_string(results.runs.size() - first) + " cases";
  for (const auto& [verdict, count] : counts) {
    out += ", " + std::to_string(count) + " " + verdict_name(verdict);
  }
  return out;
}

}  // namespace

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string markdown_code(const std::string& text) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + markdown_cell(text) + (pad ? " " : "") +
         fence;
}

void print_markdown(std::ostream& out, const Results& results) {
  out << "## ffikit-faultrun: " << markdown_code(shell_join(results.command))
      << "\n\n";
  out << "**" << (results.failed ? "FAIL" : "PASS") << "**";
  if (results.mode == Results::Mode::trace) {
    const JudgedRun& run = results.runs.front();
    out << ": " << how_it_ended(run.run) << ", " << verdict_name(run.verdict)
        << ".";
    if (const auto* main = run.run.main_report()) {
      out << " Calls: " << call_counts(*main) << ".";
    }
    out << "\n\n";
  } else {
    out << ": " << tally(results) << ".";
    if (results.mode == Results::Mode::sweep) {
      const JudgedRun& clean = results.runs.front();
      out << " Clean run: " << how_it_ended(clean.run) << ", "
          << verdict_name(clean.verdict) << ".";
    }
    out << "\n\n";
    if (results.mode == Results::Mode::sweep) {
      sweep_table(out, results);
    } else {
      inputs_table(out, results);
    }
    out << '\n';
  }
  if (!results.groups.empty()) {
    out << "### Findings, one per root cause\n\n";
    std::size_t n = 0;
    for (const Group& g : results.groups) {
      out << ++n << ". **" << g.severity << "**: " << markdown_cell(g.title)
          << "  \n   e.g. " << markdown_code(g.example) << "  \n";
      if (!g.last_calls.empty()) {
        out << "   last calls:\n\n";
        for (const std::string& call : g.last_calls) {
          out << "   - " << markdown_code(call) << '\n';
        }
        out << '\n';
      }
      out << "   reproduce: " << markdown_code(g.reproduce) << "\n";
    }
    out << '\n';
  }
  if (!results.lints.empty()) {
    out << "### Lints\n\n| lint | calls | where | example |\n"
        << "| --- | ---: | --- | --- |\n";
    for (const Lint& lint : results.lints) {
      out << "| " << markdown_cell(lint.kind) << " | " << lint.count << " | "
          << markdown_code(
                 results.runs[lint.run].where(lint.process, lint.site))
          << " | " << markdown_code(lint.message) << " |\n";
    }
    out << '\n';
  }
}

}  // namespace ffikit::faultrun
