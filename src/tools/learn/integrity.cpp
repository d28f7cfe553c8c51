#include "integrity.hpp"

#include <filesystem>
#include <map>
#include <sstream>

#include "lock.hpp"
#include "run.hpp"

namespace fs = std::filesystem;

namespace ffikit::learn {
namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

// "lessons/05/x.md" and student copies are not graders.
bool is_grader_path(const std::string& relative) {
  return relative.rfind("student/", 0) != 0 &&
         !(relative.size() > 3 &&
           relative.compare(relative.size() - 3, 3, ".md") == 0);
}

Integrity unknown(std::string problem) {
  Integrity integrity;
  integrity.problem = std::move(problem);
  return integrity;
}

}  // namespace

std::string Integrity::title() const {
  if (state == State::unknown) {
    return "graders not verified";
  }
  return (state == State::matches ? "graders match commit "
                                  : "graders compared with commit ") +
         commit.substr(0, 12);
}

std::string Integrity::summary() const {
  if (state == State::unknown) {
    return "graders not verified: " + problem;
  }
  const std::size_t count = changed.size() + added.size() + removed.size();
  if (count == 0) {
    return "every grader file matches commit " + commit.substr(0, 12);
  }
  return std::to_string(count) + " grader file" + (count == 1 ? "" : "s") +
         " differ" + (count == 1 ? "s" : "") + " from commit " +
         commit.substr(0, 12);
}

std::string Integrity::listing() const {
  std::string text;
  for (const std::string& path : changed) {
    text += "changed: " + path + "\n";
  }
  for (const std::string& path : added) {
    text += "added:   " + path + "\n";
  }
  for (const std::string& path : removed) {
    text += "removed: " + path + "\n";
  }
  return text;
}

Integrity verify_release(const Context& context, const std::string& release) {
  const std::string source = context.source.string();
  const Run top = run({"git", "-C", source, "rev-parse", "--show-toplevel"});
  if (top.status != 0) {
    return unknown("not a git checkout (" + trimmed(top.output) + ")");
  }
  std::string commit;
  if (release.empty()) {
    const Run last = run({"git", "-C", source, "log", "-1", "--format=%H", "--",
                          "lessons/grader.lock"});
    commit = trimmed(last.output);
    if (last.status != 0 || commit.empty()) {
      return unknown("no commit has lessons/grader.lock");
    }
  } else {
    const Run named = run({"git", "-C", source, "rev-parse", "--verify",
                           "--quiet", release + "^{commit}"});
    commit = trimmed(named.output);
    if (named.status != 0 || commit.empty()) {
      return unknown("no commit named '" + release + "'");
    }
  }
  // The released blobs, by path relative to the source tree.
  const Run tree =
      run({"git", "-C", source, "ls-tree", "-r", commit, "--", "lessons"});
  if (tree.status != 0) {
    return unknown("cannot read commit " + commit + ": " +
                   trimmed(tree.output));
  }
  std::map<std::string, std::string> released;
  std::istringstream lines(tree.output);
  std::string line;
  while (std::getline(lines, line)) {
    const std::size_t tab = line.find('\t');
    std::istringstream fields(line.substr(0, tab));
    std::string mode;
    std::string type;
    std::string hash;
    fields >> mode >> type >> hash;
    if (tab == std::string::npos || type != "blob") {
      continue;
    }
    const std::string path = line.substr(tab + 1);
    if (path.rfind("lessons/", 0) == 0 && is_grader_path(path.substr(8))) {
      released[path] = hash;
    }
  }
  // The files as they are, hashed the way git hashes blobs.
  std::vector<std::string> files = grader_files(context);
  if (fs::exists(context.lessons_dir / "grader.lock")) {
    files.emplace_back("grader.lock");
  }
  std::map<std::string, std::string> current;
  if (!files.empty()) {
    std::vector<std::string> argv{"git", "hash-object", "--"};
    argv.insert(argv.end(), files.begin(), files.end());
    const Run hashed = run(argv, context.lessons_dir);
    if (hashed.status != 0) {
      return unknown("git hash-object failed: " + trimmed(hashed.output));
    }
    std::istringstream hashes(hashed.output);
    std::string hash;
    for (const std::string& file : files) {
      if (!(hashes >> hash)) {
        return unknown("git hash-object gave fewer hashes than files");
      }
      current["lessons/" + file] = hash;
    }
  }
  Integrity integrity;
  integrity.commit = commit;
  for (const auto& [path, hash] : current) {
    const auto found = released.find(path);
    if (found == released.end()) {
      integrity.added.push_back(path);
    } else if (found->second != hash) {
      integrity.changed.push_back(path);
    }
  }
  for (const auto& [path, hash] : released) {
    if (current.count(path) == 0) {
      integrity.removed.push_back(path);
    }
  }
  integrity.state = integrity.changed.empty() && integrity.added.empty() &&
                            integrity.removed.empty()
                        ? Integrity::State::matches
                        : Integrity::State::differs;
  return integrity;
}

}  // namespace ffikit::learn
