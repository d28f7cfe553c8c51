#include "lock.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "run.hpp"
#include "text_file.hpp"

namespace fs = std::filesystem;

namespace ffikit::learn {

std::vector<std::string> grader_files(const Context& context) {
  std::vector<std::string> files;
  for (const auto& entry :
       fs::recursive_directory_iterator(context.lessons_dir)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    const std::string relative =
        fs::relative(entry.path(), context.lessons_dir).generic_string();
    if (relative.rfind("student/", 0) == 0 || relative == "grader.lock" ||
        entry.path().extension() == ".md") {
      continue;
    }
    files.push_back(relative);
  }
  std::sort(files.begin(), files.end());
  return files;
}

int write_lock(const Context& context, std::ostream& out, std::ostream& err) {
  std::vector<std::string> argv{"sha256sum", "--"};
  const std::vector<std::string> files = grader_files(context);
  argv.insert(argv.end(), files.begin(), files.end());
  const Run sums = run(argv, context.lessons_dir);
  if (sums.status != 0) {
    err << "ffikit-learn: sha256sum failed:\n" << sums.output;
    return 2;
  }
  std::ofstream lock(context.lessons_dir / "grader.lock", std::ios::trunc);
  lock << sums.output;
  out << "wrote lessons/grader.lock: " << files.size() << " grader files\n";
  return 0;
}

bool verify_lock(const Context& context, std::ostream& err) {
  if (!fs::exists(context.lessons_dir / "grader.lock")) {
    err << "ffikit-learn: lessons/grader.lock is missing; refusing to grade.\n";
    return false;
  }
  const Run check =
      run({"sha256sum", "--check", "--quiet", "--strict", "grader.lock"},
          context.lessons_dir);
  std::set<std::string> listed;
  {
    std::istringstream in(read_text(context.lessons_dir / "grader.lock"));
    std::string sum;
    std::string name;
    while (in >> sum >> name) {
      listed.insert(name);
    }
  }
  std::vector<std::string> unlisted;
  for (const std::string& file : grader_files(context)) {
    if (listed.count(file) == 0) {
      unlisted.push_back(file);
    }
  }
  if (check.status == 0 && unlisted.empty()) {
    return true;
  }
  err << "ffikit-learn: refusing to grade: the grader's own files differ from "
         "the checksums in lessons/grader.lock.\n";
  std::istringstream in(check.output);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t mark = line.rfind(": FAILED");
    if (mark != std::string::npos && line.rfind("sha256sum:", 0) != 0) {
      err << "  changed: " << line.substr(0, mark) << '\n';
    }
  }
  for (const std::string& file : unlisted) {
    err << "  added:   " << file << '\n';
  }
  err << "Edit only your files under lessons/student/. To undo a change to a "
         "grader file, restore it from version control (git checkout -- "
         "lessons/PATH).\n";
  return false;
}

}  // namespace ffikit::learn
