#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "build.hpp"
#include "commands.hpp"
#include "ctest_list.hpp"
#include "executor.hpp"
#include "mutants.hpp"

namespace ffikit::learn {
namespace {

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

// One mutant to run: where it is shown, and its CTest name.
struct Row {
  std::string group;  // "lesson 02" or "bug zoo"
  std::string where;  // "task 2" or "entry 04"
  std::string name;
  std::string test;
};

}  // namespace

int command_mutants(const Context& context, bool table_only, Io io) {
  const std::vector<ZooEntry> zoo = load_zoo(context.lessons_dir);
  if (table_only) {
    io.out << mutation_table(context.lessons, zoo);
    return 0;
  }
  if (!ensure_configured(context, true, io.out, io.err)) {
    return 3;
  }
  const auto start = std::chrono::steady_clock::now();
  const BuildResult built =
      build_target(context, "lessons_mutants", "every mutant", true, io.out);
  if (!built.ok) {
    io.out << "some mutants did not build (their checks below say NOT RUN):\n";
    for (const std::string& line :
         first_build_error(built.output, context.source)) {
      io.out << "  | " << line << '\n';
    }
  }
  std::vector<Row> rows;
  for (const Lesson& lesson : context.lessons) {
    for (const Task& task : lesson.tasks) {
      for (const Mutant& mutant : task.mutants) {
        rows.push_back({"lesson " + lesson.id,
                        "task " + std::to_string(task.number), mutant.name,
                        mutant_test_name(lesson, task, mutant)});
      }
    }
  }
  for (const ZooEntry& entry : zoo) {
    rows.push_back(
        {"bug zoo", "entry " + entry.id, entry.title, zoo_test_name(entry)});
  }
  std::string error;
  const std::map<std::string, Command> tests =
      list_tests(context.build, "\\.mutant\\.", error);
  if (!error.empty()) {
    io.err << "ffikit-learn: " << error << '\n';
    return 3;
  }
  std::vector<Command> commands;
  for (const Row& row : rows) {
    const auto found = tests.find(row.test);
    if (found != tests.end()) {
      commands.push_back(found->second);
    }
  }
  const std::vector<Ending> endings = run_commands(commands, context.jobs);
  std::map<std::string, const Ending*> by_name;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    by_name[commands[i].name] = &endings[i];
  }
  // Per group, in the order the groups appear: mutants, and how many died.
  std::vector<std::pair<std::string, std::pair<std::size_t, std::size_t>>>
      totals;
  std::vector<std::string> failures;
  std::string group;
  for (const Row& row : rows) {
    if (row.group != group) {
      group = row.group;
      io.out << group << '\n';
    }
    const auto found = by_name.find(row.test);
    std::string result =
        "NOT RUN: no test " + row.test + " in " + context.build.string();
    bool killed = false;
    if (found != by_name.end()) {
      result = first_line(found->second->output);
      killed = found->second->passed();
    }
    if (totals.empty() || totals.back().first != row.group) {
      totals.push_back({row.group, {0, 0}});
    }
    auto& [count, dead] = totals.back().second;
    ++count;
    dead += killed ? 1U : 0U;
    io.out << "  " << row.where << "  " << row.name << ": " << result << '\n';
    if (!killed) {
      failures.push_back(
          row.group + " " + row.where + " " + row.name + ": " +
          (found != by_name.end() ? found->second->output : result + "\n"));
    }
  }
  std::size_t count_all = 0;
  std::size_t dead_all = 0;
  io.out << "\nmutation score:\n";
  for (const auto& [name, numbers] : totals) {
    io.out << "  " << name << ": " << numbers.second << " of " << numbers.first
           << " killed\n";
    count_all += numbers.first;
    dead_all += numbers.second;
  }
  std::array<char, 160> line{};
  // The text always fits: counts and times of a few digits each.
  static_cast<void>(std::snprintf(
      line.data(), line.size(),
      "all: %zu of %zu mutants killed (%.0f%%) in %.1f s\n", dead_all,
      count_all,
      count_all == 0 ? 0.0
                     : 100.0 * static_cast<double>(dead_all) /
                           static_cast<double>(count_all),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count()));
  io.out << line.data();
  if (!failures.empty()) {
    io.out << "\nnot killed as expected:\n";
    for (const std::string& failure : failures) {
      io.out << failure << '\n';
    }
    return 1;
  }
  return count_all > 0 ? 0 : 1;
}

}  // namespace ffikit::learn
