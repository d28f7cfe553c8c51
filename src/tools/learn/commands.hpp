/// @file
/// The runner's commands, one function each (one file each:
/// command_NAME.cpp). main.cpp reads the command line into a Context and
/// calls one of them. Every command reports on the Io it is given and
/// returns the process's exit status: 0 for success, 1 for a verdict that
/// is not the one wanted, 2 for a usage error or a refusal, 3 when grading
/// could not start.
#pragma once

#include <string>
#include <vector>

#include "context.hpp"
#include "lesson.hpp"

namespace ffikit::learn {

/// `progress`: lessons and tasks passed (as last recorded) and the command
/// to type next.
int command_progress(const Context& context, Io io);

/// `check LESSON`: builds and grades one lesson of context.variant's code,
/// prints the verdict per task with explanations and hints, records the
/// student's progress. Refuses (3) when the graders differ from
/// lessons/grader.lock. @p announce prints "checking lesson NN..." first.
int command_check(const Context& context, const Lesson& lesson, bool announce,
                  Io io);

/// `watch LESSON [--manual|--poll]`: checks, then checks again after every
/// save (inotify; @p mode "poll" polls file times, "manual" waits for
/// Enter). Returns only when its input ends.
int command_watch(const Context& context, const Lesson& lesson,
                  std::string mode, Io io);

/// `hint LESSON [TASK]`: the general hint and the first unfinished task's
/// hint, or the hint of @p task when it is positive.
int command_hint(const Context& context, const Lesson& lesson, int task, Io io);

/// `reset LESSON [--yes]`: moves the student's copies of @p lesson's files
/// to a new folder under the students' .trash/ (ID-YYYYmmdd-HHMMSS), says
/// where, and copies the starter in their place. Asks first on io.in
/// unless @p yes; anything but "y" or "yes" leaves everything as it was
/// (exit 1). Forgets the lesson's recorded progress.
int command_reset(const Context& context, const Lesson& lesson, bool yes,
                  Io io);

/// `solution LESSON`: grades the student's code again, and shows the
/// reference only if every task passes now; the recorded progress alone
/// never unlocks it.
int command_solution(const Context& context, const Lesson& lesson, Io io);

/// What check-all and grade are asked for.
struct GradeAllOptions {
  std::string junit;    ///< Where to write the JUnit report; "" for none.
  std::string expect;   ///< "pass", "fail", or "" for no expectation.
  std::string release;  ///< The commit the graders must match; "" for the
                        ///< last commit of lessons/grader.lock.
  /// Grade as an instructor: compare the graders with their release and
  /// report it, instead of refusing on a lock mismatch. Implied by junit.
  bool instructor = false;
};

/// `check-all [--junit FILE] [--expect pass|fail] [--release REF]`: grades
/// every lesson headless. With --junit (instructors, an LMS, CI) the
/// graders are compared with their release commit (verify_release()) and
/// the comparison is a test suite of the report; grading goes on either
/// way, and graders that differ make the exit status 1. Without --junit
/// the grader lock is enforced as for check. With --expect, the exit
/// status says whether every task went that way.
int command_check_all(const Context& context, const GradeAllOptions& options,
                      Io io);

/// `grade --submission DIR [--junit FILE] [--release REF]`: what an
/// instructor grades a student with. Copies only the students' files from
/// DIR (collect_submission()) into context.build / "submission", grades
/// them there with the instructor's own graders, and reports as check-all
/// --junit does.
int command_grade(Context context, const std::string& submission,
                  const GradeAllOptions& options, Io io);

/// `lock --instructor`: rewrites lessons/grader.lock from the graders as
/// they are, after listing what differs from the old lock. Without
/// @p instructor it refuses (2) and says what the command would do.
int command_lock(const Context& context, bool instructor, Io io);

/// `list`: the lesson table of docs/lessons.md, from the manifest.
int command_list(const Context& context, Io io);

/// `mutants [--table]`: builds every mutant of every task and every bug-zoo
/// entry, runs each one's check, and prints one line per mutant and the
/// totals; exit 1 unless every mutant is killed for its reason. With
/// @p table_only, prints the mutation table of docs/lessons.md from the
/// manifest instead.
int command_mutants(const Context& context, bool table_only, Io io);

/// `must-fail --verdict V --because REGEX [--timeout S] -- COMMAND...`: runs
/// one mutant's check (the CTest test of a mutant) and judges it
/// (judge_mutant()): exit 0 only when the check failed for the reason
/// given. @p args are the words after "must-fail".
int command_must_fail(const std::vector<std::string>& args, Io io);

}  // namespace ffikit::learn
