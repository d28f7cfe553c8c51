#include "context.hpp"

namespace ffikit::learn {

std::filesystem::path student_root(const Context& context) {
  return context.student_dir.empty() ? context.lessons_dir / "student"
                                     : context.student_dir;
}

}  // namespace ffikit::learn
