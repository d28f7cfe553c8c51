#include <array>
#include <ctime>
#include <filesystem>
#include <istream>

#include "commands.hpp"
#include "progress.hpp"

namespace fs = std::filesystem;

namespace ffikit::learn {
namespace {

// students/.trash/ID-YYYYmmdd-HHMMSS, with -2, -3, ... if that exists.
fs::path backup_folder(const Context& context, const Lesson& lesson) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  // SAFETY: localtime_r writes only into local.
  ::localtime_r(&now, &local);
  std::array<char, 32> stamp{};
  // 16 characters and a NUL always fit.
  static_cast<void>(
      std::strftime(stamp.data(), stamp.size(), "%Y%m%d-%H%M%S", &local));
  const fs::path trash = student_root(context) / ".trash";
  fs::path folder = trash / (lesson.id + "-" + stamp.data());
  for (int n = 2; fs::exists(folder); ++n) {
    folder = trash / (lesson.id + "-" + stamp.data() + "-" + std::to_string(n));
  }
  return folder;
}

std::string shown(const Context& context, const fs::path& path) {
  const fs::path relative = path.lexically_relative(context.source);
  return relative.empty() || *relative.begin() == ".." ? path.string()
                                                       : relative.string();
}

}  // namespace

int command_reset(const Context& context, const Lesson& lesson, bool yes,
                  Io io) {
  const fs::path work = student_root(context) / lesson.id;
  std::vector<std::string> present;
  for (const std::string& file : lesson.student_files) {
    if (fs::exists(work / file)) {
      present.push_back(file);
    }
  }
  const fs::path backup = backup_folder(context, lesson);
  if (!present.empty() && !yes) {
    io.out << "reset lesson " << lesson.id << ": your";
    for (const std::string& file : present) {
      io.out << ' ' << file;
    }
    io.out << " will be replaced by the starter, and moved to "
           << shown(context, backup) << "/ first. Go ahead? [y/N] "
           << std::flush;
    std::string answer;
    std::getline(io.in, answer);
    if (answer != "y" && answer != "Y" && answer != "yes") {
      io.out << "\nnothing changed.\n";
      return 1;
    }
  }
  if (!present.empty()) {
    fs::create_directories(backup);
    for (const std::string& file : present) {
      fs::rename(work / file, backup / file);
    }
    io.out << "your previous files are in " << shown(context, backup) << "/\n";
  }
  fs::create_directories(work);
  for (const std::string& file : lesson.student_files) {
    const fs::path target = work / file;
    fs::copy_file(context.lessons_dir / lesson.id / "starter" / file, target,
                  fs::copy_options::overwrite_existing);
    fs::last_write_time(target, fs::file_time_type::clock::now());
    io.out << "restored " << shown(context, target) << " from the starter\n";
  }
  Progress progress = load_progress(context);
  progress.erase(lesson.id);
  save_progress(context, progress);
  return 0;
}

}  // namespace ffikit::learn
