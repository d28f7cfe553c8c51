#include <filesystem>

#include "commands.hpp"
#include "submission.hpp"

namespace fs = std::filesystem;

namespace ffikit::learn {

int command_grade(Context context, const std::string& submission,
                  const GradeAllOptions& options, Io io) {
  if (submission.empty() || !fs::is_directory(submission)) {
    io.err << "ffikit-learn: grade needs --submission DIR, a student's "
              "lessons/student folder or a copy of their whole kit\n";
    return 2;
  }
  const fs::path destination = context.build / "submission";
  const Collected collected = collect_submission(
      context.lessons, context.lessons_dir, submission, destination);
  io.out << "took " << collected.copied.size() << " student files from "
         << submission << " into " << destination.string()
         << " (nothing else is copied)\n";
  for (const std::string& file : collected.missing) {
    io.out << "  missing, the starter stands in: " << file << '\n';
  }
  for (const std::string& file : collected.refused) {
    io.out << "  refused (not a regular file, or over 1 MiB), the starter "
              "stands in: "
           << file << '\n';
  }
  context.student_dir = destination;
  context.variant = "work";
  GradeAllOptions instructor = options;
  instructor.instructor = true;
  return command_check_all(context, instructor, io);
}

}  // namespace ffikit::learn
