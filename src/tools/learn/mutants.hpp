/// @file
/// Mutation testing of the graders: every mutant the manifest lists (a real
/// mistake, made in a copy of a task's reference) must fail the check it
/// names, for the reason it names; so must every bug-zoo entry.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "executor.hpp"
#include "explain.hpp"
#include "lesson.hpp"

namespace ffikit::learn {

/// The judgement of one mutant's run.
struct Judgement {
  /// 0: killed as expected; 1: survived, or killed for another reason;
  /// 2: the check could not run (the mutant did not build).
  int status = 2;
  /// One line: "killed by lifetime: double close", "SURVIVED: the unit
  /// check passed", "killed by unit, but not because /X/: SUMMARY", "NOT
  /// RUN: ...".
  std::string line;
};

/// Judges a mutant's check that ended as @p ending (explained as
/// @p explanation): it must have failed, and a line of its output, its
/// summary or its details must match the regular expression @p because
/// (ECMAScript syntax). Pure.
[[nodiscard]] Judgement judge_mutant(const Ending& ending,
                                     const Explanation& explanation,
                                     std::string_view verdict,
                                     const std::string& because);

/// The mutation table of docs/lessons.md, from the manifest: per lesson a
/// row per mutant (task, mutant, the verdict that kills it and what it
/// says, each alternative of the regular expression in a code span), then
/// one row per bug-zoo entry, then the totals. Pure.
[[nodiscard]] std::string mutation_table(const std::vector<Lesson>& lessons,
                                         const std::vector<ZooEntry>& zoo);

/// The CTest name of a bug-zoo entry's mutant test: "zoo04.mutant.buggy".
[[nodiscard]] std::string zoo_test_name(const ZooEntry& entry);

}  // namespace ffikit::learn
