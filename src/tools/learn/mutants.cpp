#include "mutants.hpp"

#include <regex>
#include <sstream>

namespace ffikit::learn {
namespace {

// "because" as a table shows it: each alternative of the regular
// expression in a code span, joined by "or" (a '|' would end the cell).
std::string shown(const std::string& because) {
  std::string text = "`";
  for (const char c : because) {
    text += c == '|' ? std::string("` or `") : std::string(1, c);
  }
  return text + "`";
}

bool matches(const std::regex& pattern, std::string_view text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view line = text.substr(start, end - start);
    if (std::regex_search(line.begin(), line.end(), pattern)) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

}  // namespace

Judgement judge_mutant(const Ending& ending, const Explanation& explanation,
                       std::string_view verdict, const std::string& because) {
  Judgement judgement;
  const std::string name(verdict);
  if (!ending.started ||
      (ending.exited && ending.exit_code == 127 &&
       ending.output.find("cannot run ") != std::string::npos)) {
    judgement.line = "NOT RUN: " + explanation.summary +
                     " (did the mutant build? see the build output)";
    return judgement;
  }
  if (ending.passed()) {
    judgement.status = 1;
    judgement.line = "SURVIVED: the " + name + " check passed";
    return judgement;
  }
  std::regex pattern;
  try {
    pattern = std::regex(because);
  } catch (const std::regex_error& bad) {
    judgement.line = "NOT RUN: the reason /" + because +
                     "/ is not a regular expression: " + bad.what();
    return judgement;
  }
  bool found =
      matches(pattern, ending.output) || matches(pattern, explanation.summary);
  for (const std::string& line : explanation.details) {
    found = found || matches(pattern, line);
  }
  if (found) {
    judgement.status = 0;
    judgement.line = "killed by " + name + ": " + because;
  } else {
    judgement.status = 1;
    judgement.line = "killed by " + name + ", but not because /" + because +
                     "/: " + explanation.summary;
  }
  return judgement;
}

std::string zoo_test_name(const ZooEntry& entry) {
  return "zoo" + entry.id + ".mutant.buggy";
}

std::string mutation_table(const std::vector<Lesson>& lessons,
                           const std::vector<ZooEntry>& zoo) {
  std::ostringstream table;
  table << "| Lesson | Task | Mutant | Killed by |\n|---|---|---|---|\n";
  std::ostringstream totals;
  std::size_t all = 0;
  for (const Lesson& lesson : lessons) {
    std::size_t count = 0;
    for (const Task& task : lesson.tasks) {
      for (const Mutant& mutant : task.mutants) {
        table << "| " << lesson.id << " | " << task.number << " | "
              << mutant.name << " | " << mutant.verdict << ": "
              << shown(mutant.because) << " |\n";
        ++count;
      }
    }
    totals << "| " << lesson.id << " | " << lesson.tasks.size() << " | "
           << count << " |\n";
    all += count;
  }
  for (const ZooEntry& entry : zoo) {
    table << "| zoo | " << entry.id << " | " << entry.title << " | "
          << entry.verdict << ": " << shown(entry.because) << " |\n";
  }
  table << "\n| Lesson | Tasks | Mutants |\n|---|---|---|\n"
        << totals.str() << "| bug zoo | | " << zoo.size() << " |\n| all | | "
        << all + zoo.size() << " |\n";
  return table.str();
}

}  // namespace ffikit::learn
