#include "submission.hpp"

#include <cstdint>

namespace fs = std::filesystem;

namespace ffikit::learn {
namespace {

constexpr std::uintmax_t largest = 1U << 20U;

}  // namespace

Collected collect_submission(const std::vector<Lesson>& lessons,
                             const fs::path& lessons_dir,
                             const fs::path& submission,
                             const fs::path& destination) {
  const fs::path root = fs::is_directory(submission / "lessons" / "student")
                            ? submission / "lessons" / "student"
                            : submission;
  Collected collected;
  for (const Lesson& lesson : lessons) {
    const fs::path into = destination / lesson.id;
    fs::create_directories(into);
    for (const std::string& file : lesson.student_files) {
      const std::string name = lesson.id + "/" + file;
      const fs::path from = root / lesson.id / file;
      std::error_code error;
      const fs::file_status status = fs::symlink_status(from, error);
      fs::path source = from;
      if (error || !fs::exists(status)) {
        collected.missing.push_back(name);
        source = lessons_dir / lesson.id / "starter" / file;
      } else if (!fs::is_regular_file(status) ||
                 fs::file_size(from, error) > largest || error) {
        collected.refused.push_back(name);
        source = lessons_dir / lesson.id / "starter" / file;
      } else {
        collected.copied.push_back(name);
      }
      fs::copy_file(source, into / file, fs::copy_options::overwrite_existing);
    }
  }
  return collected;
}

}  // namespace ffikit::learn
