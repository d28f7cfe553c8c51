#include "build.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <vector>

#include "run.hpp"
#include "text_file.hpp"

namespace fs = std::filesystem;

namespace ffikit::learn {
namespace {

std::string cached(const Context& context, const std::string& key) {
  std::istringstream in(read_text(context.build / "CMakeCache.txt"));
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t colon = line.find(':');
    const std::size_t equals = line.find('=');
    if (colon != std::string::npos && equals != std::string::npos &&
        line.compare(0, colon, key) == 0 && colon == key.size()) {
      return line.substr(equals + 1);
    }
  }
  return {};
}

// The part of a build step a student can name: "src/check" -> "the lifetime
// checker (src/check)".
std::string component(const std::string& object_path) {
  static const std::vector<std::pair<std::string, std::string>> names = {
      {"src/check", "the lifetime checker (src/check)"},
      {"src/stage1_raw", "stage 1 (src/stage1_raw)"},
      {"src/stage2_raii", "stage 2 (src/stage2_raii)"},
      {"src/stage3_callback", "stage 3 (src/stage3_callback)"},
      {"src/stage4_result", "stage 4 (src/stage4_result)"},
      {"src/tools/faultrun", "ffikit-faultrun (src/tools/faultrun)"},
      {"tests/support", "the tests' support library"},
      {"lessons/support", "the graders' support library"},
  };
  for (const auto& [prefix, name] : names) {
    if (object_path.rfind(prefix, 0) == 0) {
      return name;
    }
  }
  if (object_path.find("_work_") != std::string::npos ||
      object_path.find("/student/") != std::string::npos) {
    return "your code";
  }
  if (object_path.rfind("lessons/", 0) == 0) {
    return "the grader";
  }
  return "other parts of the kit";
}

}  // namespace

unsigned build_jobs(const char* level, unsigned cores) noexcept {
  if (level != nullptr && *level != '\0') {
    char* end = nullptr;
    const unsigned long value = std::strtoul(level, &end, 10);
    if (end != nullptr && *end == '\0' && value > 0 && value < 1024) {
      return static_cast<unsigned>(value);
    }
  }
  return cores > 0 ? cores : 1;
}

bool ensure_configured(const Context& context, bool mutants, std::ostream& out,
                       std::ostream& err) {
  const bool exists = fs::exists(context.build / "CMakeCache.txt");
  std::vector<std::string> settings;
  std::string variants =
      exists ? cached(context, "FFIKIT_LESSON_VARIANTS") : "";
  bool has_variant = false;
  std::istringstream list(variants);
  std::string item;
  while (std::getline(list, item, ';')) {
    has_variant = has_variant || item == context.variant;
  }
  if (!has_variant) {
    variants =
        variants.empty() ? context.variant : variants + ";" + context.variant;
    settings.push_back("-DFFIKIT_LESSON_VARIANTS=" + variants);
  }
  // A tree last used to grade a submission must be pointed back at the
  // students' folder, and the other way round.
  const fs::path students = student_root(context);
  const fs::path configured = cached(context, "FFIKIT_LESSON_STUDENT_DIR");
  std::error_code unknown;
  if (configured != students &&
      !fs::equivalent(configured, students, unknown)) {
    settings.push_back("-DFFIKIT_LESSON_STUDENT_DIR=" + students.string());
  }
  if (mutants && cached(context, "FFIKIT_LESSON_MUTANTS") != "ON") {
    settings.emplace_back("-DFFIKIT_LESSON_MUTANTS=ON");
  }
  if (exists && settings.empty()) {
    return true;
  }
  out << "ffikit-learn: configuring " << context.build.string() << " for the '"
      << context.variant << "' code" << (exists ? "" : " (first run only)")
      << "...\n"
      << std::flush;
  std::vector<std::string> argv{"cmake", "-S", context.source.string(), "-B",
                                context.build.string()};
  if (!exists) {
    argv.insert(argv.end(), {"-G", "Ninja", "-DCMAKE_BUILD_TYPE=Debug",
                             "-DFFIKIT_BUILD_DOCS=OFF"});
  }
  argv.insert(argv.end(), settings.begin(), settings.end());
  const Run configure = run(argv);
  if (configure.status != 0) {
    err << "ffikit-learn: cmake failed:\n" << configure.output;
    return false;
  }
  return true;
}

std::optional<std::string> describe_build_plan(std::string_view dry_run,
                                               std::size_t quiet_steps) {
  // Ninja's lines: "[3/40] Building CXX object PATH" or "[40/40] Linking
  // CXX executable PATH" (also static library, shared module, ...).
  static const std::array<std::string_view, 2> actions = {
      "Building CXX object ", "Linking CXX "};
  std::size_t steps = 0;
  std::vector<std::string> parts;
  std::istringstream in{std::string(dry_run)};
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t close = line.find("] ");
    if (line.empty() || line[0] != '[' || close == std::string::npos) {
      continue;
    }
    const std::string_view rest = std::string_view(line).substr(close + 2);
    std::string_view path;
    for (const std::string_view action : actions) {
      if (rest.substr(0, action.size()) == action) {
        path = rest.substr(action.size());
      }
    }
    if (path.empty()) {
      continue;
    }
    if (rest.substr(0, 12) == "Linking CXX ") {
      // "static library PATH": the path is the last word.
      path = path.substr(path.rfind(' ') + 1);
    }
    ++steps;
    const std::string part = component(std::string(path));
    if (std::find(parts.begin(), parts.end(), part) == parts.end()) {
      parts.push_back(part);
    }
  }
  if (steps <= quiet_steps) {
    return std::nullopt;
  }
  std::string text = std::to_string(steps) + " steps: ";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    text += (i == 0 ? "" : ", ") + parts[i];
  }
  return text;
}

BuildResult build_target(const Context& context, const std::string& target,
                         const std::string& what, bool keep_going,
                         std::ostream& out) {
  const auto start = std::chrono::steady_clock::now();
  const std::string jobs = std::to_string(context.jobs);
  if (cached(context, "CMAKE_GENERATOR") == "Ninja") {
    const Run plan = run({"cmake", "--build", context.build.string(),
                          "--target", target, "--", "-n"});
    if (plan.status == 0) {
      if (const auto described = describe_build_plan(plan.output, 6)) {
        out << "building " << what << ", " << *described
            << " (only this once: later checks rebuild what you change)...\n"
            << std::flush;
      }
    }
  }
  std::vector<std::string> argv{"cmake", "--build", context.build.string(),
                                "-j",    jobs,      "--target",
                                target};
  if (keep_going) {
    argv.insert(argv.end(), {"--", "-k", "0"});
  }
  const Run built = run(argv);
  BuildResult result;
  result.ok = built.status == 0;
  result.output = built.output;
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return result;
}

}  // namespace ffikit::learn
