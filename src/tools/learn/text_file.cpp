#include "text_file.hpp"

#include <fstream>
#include <sstream>

namespace ffikit::learn {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace ffikit::learn
