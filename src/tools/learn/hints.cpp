#include "hints.hpp"

#include <sstream>

#include "text_file.hpp"

namespace ffikit::learn {

std::string hint_section(const Context& context, const Lesson& lesson,
                         const std::string& heading) {
  std::istringstream in(
      read_text(context.lessons_dir / lesson.id / "hints.md"));
  std::string line;
  std::string out;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) {
      inside = line.substr(3) == heading;
      continue;
    }
    if (inside) {
      out += line + '\n';
    }
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
    out.pop_back();
  }
  while (!out.empty() && out.front() == '\n') {
    out.erase(0, 1);
  }
  return out;
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  std::string out;
  while (std::getline(in, line)) {
    out += prefix + line + '\n';
  }
  return out;
}

}  // namespace ffikit::learn
