#include <sstream>
#include <string>

#include "commands.hpp"
#include "lock.hpp"

namespace ffikit::learn {

int command_lock(const Context& context, bool instructor, Io io) {
  if (!instructor) {
    io.err << "ffikit-learn: lock rewrites lessons/grader.lock so that the "
              "graders are accepted as they are now, edited or not. It is "
              "for an instructor who changed a lesson on purpose; a student "
              "who changed a grader by mistake restores it instead (git "
              "checkout -- lessons/PATH). If you are that instructor, run:\n  "
           << context.self << " lock --instructor\n";
    return 2;
  }
  std::ostringstream findings;
  std::string differences;
  if (!verify_lock(context, findings)) {
    std::istringstream lines(findings.str());
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind("  ", 0) == 0) {
        differences += line + '\n';
      }
    }
  }
  if (!differences.empty()) {
    io.out << "warning: these grader files will be accepted as they are "
              "now:\n"
           << differences;
  }
  const int status = write_lock(context, io.out, io.err);
  if (status == 0) {
    io.out << "commit lessons/grader.lock with the graders: check-all "
              "--junit compares the graders with the last commit of the "
              "lock.\n";
  }
  return status;
}

}  // namespace ffikit::learn
