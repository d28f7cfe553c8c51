/// @file
/// One finding per root cause: failing runs whose findings have the same
/// kind at the same call sites (or, without findings, the same verdict for
/// the same call) become one group, with the faults or inputs that showed
/// it and one command that reproduces it. Pure.
#pragma once

#include <string>
#include <vector>

#include "judged_run.hpp"

namespace ffikit::faultrun {

/// Groups the findings and failures of @p runs (call sites already
/// resolved). @p reproduce_prefix is the ffikit-faultrun invocation a
/// reproduce command starts with (the program and the options that change
/// judgement); @p command is PROGRAM ARGS.
std::vector<Group> group_failures(
    const std::vector<JudgedRun>& runs,
    const std::vector<std::string>& reproduce_prefix,
    const std::vector<std::string>& command, Results::Mode mode);

/// @p word quoted for a POSIX shell when it needs quoting.
std::string shell_quote(const std::string& word);

/// The words of @p words, each shell-quoted, joined by spaces.
std::string shell_join(const std::vector<std::string>& words);

/// The last calls of the first process of @p run that has a trace, each as
/// "format_event() [at SITE]", oldest first.
std::vector<std::string> last_calls(const JudgedRun& run);

}  // namespace ffikit::faultrun
