#include <cstdlib>

#include "commands.hpp"
#include "executor.hpp"
#include "explain.hpp"
#include "mutants.hpp"

namespace ffikit::learn {

int command_must_fail(const std::vector<std::string>& args, Io io) {
  std::string verdict;
  std::string because;
  double timeout = 0;
  Command command;
  command.name = "mutant";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") {
      command.argv.assign(args.begin() + static_cast<std::ptrdiff_t>(i + 1),
                          args.end());
      break;
    }
    if (i + 1 >= args.size()) {
      break;
    }
    if (args[i] == "--verdict") {
      verdict = args[++i];
    } else if (args[i] == "--because") {
      because = args[++i];
    } else if (args[i] == "--timeout") {
      timeout = std::strtod(args[++i].c_str(), nullptr);
    }
  }
  if (verdict.empty() || because.empty() || command.argv.empty()) {
    io.err << "usage: ffikit-learn must-fail --verdict VERDICT --because "
              "REGEX [--timeout SECONDS] -- COMMAND [ARGS...]\n";
    return 2;
  }
  command.timeout = timeout;
  const Ending ending = run_commands({command}, 1).front();
  const Explanation explanation = explain(ending, verdict, {});
  const Judgement judgement =
      judge_mutant(ending, explanation, verdict, because);
  io.out << judgement.line << '\n' << "  " << explanation.summary << '\n';
  for (const std::string& line : explanation.details) {
    io.out << "  | " << line << '\n';
  }
  return judgement.status;
}

}  // namespace ffikit::learn
